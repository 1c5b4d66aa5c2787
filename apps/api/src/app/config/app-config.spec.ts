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

  it('takes TRUST_PROXY as the proxies\' addresses or CIDRs, a hop count, or (unsafe) true, and names a bad entry', () => {
    const trust = (value: string): unknown => loadConfig({ ...base, TRUST_PROXY: value }).trustProxy;
    expect(trust('')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('1')).toBe(1);
    expect(trust('10.0.0.5, 10.1.0.0/16,::1,fd00::/8,loopback')).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'fd00::/8', 'loopback']);
    for (const bad of ['10.0.0.0/33', 'proxy.internal', '10.0.0.5,nope', '300.1.1.1', '::1/129']) {
      expect(() => trust(bad)).toThrow(/TRUST_PROXY .*unsafe/);
    }
    expect(() => trust('10.0.0.5,nope')).toThrow(/"nope"/);
  });

  it('waits DATABASE_WAIT_SECONDS for the database (30 by default) and takes an owner login for migrations', () => {
    expect(loadConfig(base)).toMatchObject({ databaseWaitSeconds: 30, migrationDatabaseUrl: undefined });
    const sut = loadConfig({
      ...base,
      DATABASE_WAIT_SECONDS: '5',
      DATABASE_URL: 'postgres://app@db/stride',
      MIGRATION_DATABASE_URL: 'postgres://owner@db/stride',
    });
    expect(sut).toMatchObject({ databaseWaitSeconds: 5, migrationDatabaseUrl: 'postgres://owner@db/stride' });
    expect(() => loadConfig({ ...base, DATABASE_WAIT_SECONDS: 'forever' })).toThrow(/DATABASE_WAIT_SECONDS/);
    expect(() => loadConfig({ ...base, MIGRATION_DATABASE_URL: 'postgres://owner@db/stride' })).toThrow(/MIGRATION_DATABASE_URL needs DATABASE_URL/);
  });

  it('refuses to start in production without JWT_SECRET, saying why replicas need it', () => {
    expect(() => loadConfig({ STRIDE_DATA_DIR: base.STRIDE_DATA_DIR, NODE_ENV: 'production', DEMO_SEED: 'false', DATABASE_URL: 'postgres://db/stride' })).toThrow(
      /JWT_SECRET is required when NODE_ENV=production: every replica/,
    );
  });

  it('defaults to the design values', () => {
    const sut = loadConfig({ ...base, DEMO_SEED: 'false' });
    expect(sut).toMatchObject({ port: 3000, schedulerEnabled: true, schedulerIntervalSeconds: 60, benchmarks: { success: 0.85, satisfaction: 0.9 } });
  });
});
