import { Api, signIn, startTestApp, TestApp } from './harness';

/**
 * Issue #9: bisecting surgeryFrom/surgeryTo on the export gave back the exact surgery date of every
 * demo subject. A researcher's date filters are whole calendar years (Contract v1.1).
 */
describe('research filters reveal no calendar dates', () => {
  let test: TestApp;
  let researcher: Api;
  let admin: Api;

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-11-24T15:00:00Z' });
    researcher = (await signIn(test, 'researcher')).api;
    admin = (await signIn(test, 'admin')).api;
  });

  afterAll(() => test?.close());

  const routes = ['/api/exports/outcomes.csv?format=long&', '/api/exports/outcomes.csv?format=wide&', '/api/cohorts/summary?', '/api/cohorts/funnel?timepoint=6m&'];

  it.each(routes)('accepts whole years on %s', async (route) => {
    expect((await researcher.get(`${route}surgeryFrom=2025-01-01&surgeryTo=2026-12-31`)).status).toBe(200);
    expect((await researcher.get(`${route}surgeryFrom=2026-01-01`)).status).toBe(200);
  });

  it.each(routes)('refuses a narrower range on %s with 400 naming the field', async (route) => {
    for (const [query, fields] of [
      ['surgeryFrom=2026-03-01', ['surgeryFrom']],
      ['surgeryTo=2026-03-14', ['surgeryTo']],
      ['surgeryFrom=2026-03-14&surgeryTo=2026-03-14', ['surgeryFrom', 'surgeryTo']],
      ['surgeryFrom=2026-01-02&surgeryTo=2026-12-30', ['surgeryFrom', 'surgeryTo']],
    ] as const) {
      const refused = await researcher.get(`${route}${query}`);
      expect({ query, status: refused.status, code: refused.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    }
  });

  it('leaves staff free to pick any dates (they see the dates anyway)', async () => {
    expect((await admin.get('/api/cohorts/summary?surgeryFrom=2026-03-14&surgeryTo=2026-03-14')).status).toBe(200);
    expect((await admin.get('/api/exports/outcomes.csv?surgeryFrom=2026-03-14&surgeryTo=2026-03-15')).status).toBe(200);
  });
});
