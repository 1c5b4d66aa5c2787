import { ConfigError, loadConfig } from './app-config';

describe(loadConfig.name, () => {
  const base = { JWT_SECRET: 'x'.repeat(40), STRIDE_DATA_DIR: '/tmp/stride-config-spec' };

  it('names every bad value in one message', () => {
    const sut = (): unknown =>
      loadConfig({ ...base, PORT: 'eighty', CLINIC_TIMEZONE: 'Mars/Olympus', SCHEDULER_INTERVAL_SECONDS: '0', SMTP_URL: 'http://x' });
    expect(sut).toThrow(ConfigError);
    try {
      sut();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/CLINIC_TIMEZONE/);
      expect(problems).toMatch(/SCHEDULER_INTERVAL_SECONDS/);
      expect(problems).toMatch(/SMTP_URL/);
    }
  });

  it('refuses demo data in production', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', DEMO_SEED: 'true' })).toThrow(/DEMO_SEED/);
  });

  it('defaults to the design values', () => {
    const sut = loadConfig({ ...base, DEMO_SEED: 'false' });
    expect(sut).toMatchObject({ port: 3000, schedulerEnabled: true, schedulerIntervalSeconds: 60, benchmarks: { success: 0.85, satisfaction: 0.9 } });
  });
});
