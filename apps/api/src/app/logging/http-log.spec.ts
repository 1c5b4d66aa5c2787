import { redactPath, requestIdFrom } from './http-log';

const TOKEN = 'q3Vx_9kLm2Pz8RtY4wBn6cDf1GhJ5sA7eUiO0pQrStU';

describe(redactPath.name, () => {
  it('replaces the survey token in the patient page, its opt-out page and every survey API path', () => {
    expect(redactPath(`/s/${TOKEN}`)).toBe('/s/:token');
    expect(redactPath(`/s/${TOKEN}/opt-out`)).toBe('/s/:token/opt-out');
    expect(redactPath(`/api/public/surveys/${TOKEN}`)).toBe('/api/public/surveys/:token');
    expect(redactPath(`/api/public/surveys/${TOKEN}/responses`)).toBe('/api/public/surveys/:token/responses');
    expect(redactPath(`/api/public/surveys/${encodeURIComponent('a b/c')}/answers`)).toBe('/api/public/surveys/:token/answers');
  });

  it('drops the query string and fragment (a patient search carries a name)', () => {
    expect(redactPath('/api/patients?search=Okafor&page=2')).toBe('/api/patients');
    expect(redactPath(`/s/${TOKEN}?lang=es#q1`)).toBe('/s/:token');
    expect(redactPath(undefined)).toBe('/');
  });

  it('leaves other paths as they are', () => {
    expect(redactPath('/api/patients/7b0c3c55-9a51-4f8e-9a39-0d5f2b8f4c11')).toBe('/api/patients/7b0c3c55-9a51-4f8e-9a39-0d5f2b8f4c11');
    expect(redactPath('/api/health/ready')).toBe('/api/health/ready');
    expect(redactPath('/main-4XJ2ZK7P.js')).toBe('/main-4XJ2ZK7P.js');
  });
});

describe(requestIdFrom.name, () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('keeps a well-formed incoming id', () => {
    for (const id of ['3f2b8c1e-0d4a-4b6e-9f7a-2c1d0e9b8a76', 'req_01HZX8K2M3N4P5Q6', 'lb.trace:1234-abcd']) expect(requestIdFrom(id)).toBe(id);
    expect(requestIdFrom(['first-id-123', 'second-id-456'])).toBe('first-id-123');
  });

  it('generates a UUID when the id is missing, too short, too long or holds anything but letters, digits and ._:-', () => {
    for (const bad of [undefined, '', 'short', 'x'.repeat(129), 'has space in it', '"quoted-value"', '{"level":"fatal"}', 'new\nline-injected', '-leading-dash']) {
      expect(requestIdFrom(bad)).toMatch(UUID);
    }
  });
});
