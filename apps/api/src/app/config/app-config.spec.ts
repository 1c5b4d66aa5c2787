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

  it('bounds every statement with DATABASE_STATEMENT_TIMEOUT_SECONDS (30 by default, 1 to 3600)', () => {
    expect(loadConfig(base).databaseStatementTimeoutSeconds).toBe(30);
    expect(loadConfig({ ...base, DATABASE_STATEMENT_TIMEOUT_SECONDS: '5' }).databaseStatementTimeoutSeconds).toBe(5);
    for (const bad of ['0', '-1', '2.5', 'never', '3601']) {
      expect(() => loadConfig({ ...base, DATABASE_STATEMENT_TIMEOUT_SECONDS: bad })).toThrow(/DATABASE_STATEMENT_TIMEOUT_SECONDS must be a whole number from 1 to 3600/);
    }
  });

  it('refuses to start in production without JWT_SECRET, saying why replicas need it', () => {
    expect(() => loadConfig({ STRIDE_DATA_DIR: base.STRIDE_DATA_DIR, NODE_ENV: 'production', DEMO_SEED: 'false', DATABASE_URL: 'postgres://db/stride' })).toThrow(
      /JWT_SECRET is required when NODE_ENV=production: every replica/,
    );
  });

  it('takes LOG_LEVEL as a pino level (info by default) and SHUTDOWN_TIMEOUT_SECONDS (25 by default)', () => {
    expect(loadConfig(base)).toMatchObject({ logLevel: 'info', shutdownTimeoutSeconds: 25 });
    expect(loadConfig({ ...base, LOG_LEVEL: 'DEBUG', SHUTDOWN_TIMEOUT_SECONDS: '5' })).toMatchObject({ logLevel: 'debug', shutdownTimeoutSeconds: 5 });
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"/);
    expect(() => loadConfig({ ...base, SHUTDOWN_TIMEOUT_SECONDS: '0' })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS/);
  });

  it('defaults to the design values', () => {
    const sut = loadConfig({ ...base, DEMO_SEED: 'false' });
    expect(sut).toMatchObject({ port: 3000, schedulerEnabled: true, schedulerIntervalSeconds: 60, benchmarks: { success: 0.85, satisfaction: 0.9 } });
  });

  it('signs the portal out after 30 idle minutes unless PORTAL_IDLE_MINUTES says otherwise, from 1 to 720', () => {
    expect(loadConfig(base).portalIdleMinutes).toBe(30);
    expect(loadConfig({ ...base, PORTAL_IDLE_MINUTES: '10' }).portalIdleMinutes).toBe(10);
    for (const bad of ['0', '721', '15.5', 'half an hour']) {
      expect(() => loadConfig({ ...base, PORTAL_IDLE_MINUTES: bad })).toThrow(/PORTAL_IDLE_MINUTES must be a whole number from 1 to 720/);
    }
  });

  it('follows up at 2w, 6w, 3m and 6m and compares at the last by default', () => {
    const sut = loadConfig({ ...base, DEMO_SEED: 'false' });
    expect(sut.followUpTimepoints).toEqual(['2w', '6w', '3m', '6m']);
    expect(sut.benchmarkTimepoint).toBe('6m');
  });

  it('takes FOLLOW_UP_TIMEPOINTS in any order, keeps clinical order, and benchmarks at the last unless told', () => {
    const sut = loadConfig({ ...base, DEMO_SEED: 'false', FOLLOW_UP_TIMEPOINTS: '24m, 2w,12m,6m' });
    expect(sut.followUpTimepoints).toEqual(['2w', '6m', '12m', '24m']);
    expect(sut.benchmarkTimepoint).toBe('24m');
    expect(loadConfig({ ...base, DEMO_SEED: 'false', FOLLOW_UP_TIMEPOINTS: '6m,12m,24m', BENCHMARK_TIMEPOINT: '12m' }).benchmarkTimepoint).toBe('12m');
  });

  it.each([
    [{ FOLLOW_UP_TIMEPOINTS: '2w,6w,9m' }, /FOLLOW_UP_TIMEPOINTS has "9m", which is not a follow-up Stride knows; use some of 2w, 6w, 3m, 6m, 12m, 24m/],
    [{ FOLLOW_UP_TIMEPOINTS: 'baseline,6m' }, /FOLLOW_UP_TIMEPOINTS has "baseline"/],
    [{ FOLLOW_UP_TIMEPOINTS: '6m,12m,6m' }, /FOLLOW_UP_TIMEPOINTS names 6m more than once/],
    [{ FOLLOW_UP_TIMEPOINTS: ' , ' }, /FOLLOW_UP_TIMEPOINTS has ""/],
    [{ BENCHMARK_TIMEPOINT: '12m' }, /BENCHMARK_TIMEPOINT "12m" must be one of the configured follow-ups \(FOLLOW_UP_TIMEPOINTS: 2w, 6w, 3m, 6m\)/],
    [{ FOLLOW_UP_TIMEPOINTS: '6m,12m', BENCHMARK_TIMEPOINT: 'baseline' }, /BENCHMARK_TIMEPOINT "baseline" must be one of/],
  ])('refuses %j at boot, naming the variable', (env, message) => {
    expect(() => loadConfig({ ...base, DEMO_SEED: 'false', ...env })).toThrow(message);
  });

  it('names the demo clinic by default; in production CLINIC_NAME and CLINIC_PHONE are required', () => {
    expect(loadConfig(base).clinic).toEqual({ name: 'Stride Demo Spine Clinic', phone: '(212) 555-0142' });
    const prod = { STRIDE_DATA_DIR: base.STRIDE_DATA_DIR, JWT_SECRET: base.JWT_SECRET, NODE_ENV: 'production', DEMO_SEED: 'false' };
    expect(() => loadConfig(prod)).toThrow(/CLINIC_NAME and CLINIC_PHONE required when NODE_ENV=production/);
    expect(() => loadConfig({ ...prod, CLINIC_NAME: 'Riverside Spine Center' })).toThrow(/CLINIC_PHONE required/);
    expect(loadConfig({ ...prod, CLINIC_NAME: ' Riverside Spine Center ', CLINIC_PHONE: '+1 212-555-0142' }).clinic).toEqual({
      name: 'Riverside Spine Center',
      phone: '+1 212-555-0142',
    });
  });

  it('refuses a clinic name or phone that is malformed or too long for one SMS segment', () => {
    expect(() => loadConfig({ ...base, CLINIC_NAME: 'x'.repeat(41) })).toThrow(/CLINIC_NAME must be 2 to 40 characters/);
    expect(() => loadConfig({ ...base, CLINIC_PHONE: 'call us' })).toThrow(/CLINIC_PHONE must be a phone number/);
    expect(() => loadConfig({ ...base, CLINIC_PHONE: '+1 (212) 555-0142 ext 99' })).toThrow(/CLINIC_PHONE/);
    // 40 characters are allowed alone, but not with a long link base: the SMS would need 2 segments.
    const long = { ...base, CLINIC_NAME: 'Northwestern Regional Spine Institute NW', CLINIC_PHONE: '+1 212-555-0142' };
    expect(loadConfig({ ...long, PUBLIC_BASE_URL: 'https://sx.org' }).clinic.name).toHaveLength(40);
    expect(() => loadConfig({ ...long, PUBLIC_BASE_URL: 'https://followup.example-hospital.org' })).toThrow(
      /CLINIC_NAME .* together make the English survey SMS 2 segments/,
    );
  });

  it('takes SMS_INBOUND_SECRET (24+ characters); production with SMS_URL requires it', () => {
    expect(loadConfig(base).smsInboundSecret).toBeUndefined();
    expect(() => loadConfig({ ...base, SMS_INBOUND_SECRET: 'short' })).toThrow(/SMS_INBOUND_SECRET must be at least 24/);
    const prod = { ...base, NODE_ENV: 'production', DEMO_SEED: 'false', CLINIC_NAME: 'Riverside Spine Center', CLINIC_PHONE: '+1 212-555-0142' };
    expect(loadConfig(prod).smsInboundSecret).toBeUndefined();
    expect(() => loadConfig({ ...prod, SMS_URL: 'https://sms.example.org/send' })).toThrow(/SMS_INBOUND_SECRET is required .* reply STOP/);
    expect(loadConfig({ ...prod, SMS_URL: 'https://sms.example.org/send', SMS_INBOUND_SECRET: 's'.repeat(32) }).smsInboundSecret).toBe('s'.repeat(32));
  });
});
