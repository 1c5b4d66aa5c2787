import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isIP } from 'node:net';
import { IANAZone } from 'luxon';
import { DEFAULT_FOLLOW_UPS, FOLLOW_UP_SCHEDULE, type FollowUpTimepoint } from '../invitations/invitation-plan';
import type { ClinicIdentity } from '@stride/contracts';
import { smsBudgetProblems } from '../messaging/sms-budget';

/**
 * The one typed, validated view of the environment. Nothing else reads process.env:
 * main.ts builds this once (fromEnv) and tests build it directly with the values they need.
 */
export interface AppConfig {
  nodeEnv: string;
  production: boolean;
  port: number;
  host: string;
  /**
   * Whose X-Forwarded-For to believe for the client's address (Fastify's trustProxy): false, a hop
   * count, or the proxies' addresses/CIDRs. `true` believes anyone's header: spoofable, unsafe.
   */
  trustProxy: boolean | number | string[];
  /** Unset means: start an embedded PostgreSQL under dataDir. */
  databaseUrl: string | undefined;
  /** The schema owner's login, for migrations, when the app logs in as a role that owns nothing. */
  migrationDatabaseUrl: string | undefined;
  /** How long the server waits for the database at boot before it gives up. */
  databaseWaitSeconds: number;
  /**
   * PostgreSQL's statement_timeout for the app's own work (DATABASE_STATEMENT_TIMEOUT_SECONDS):
   * a statement running longer is cancelled by the server. The client gives a query this plus
   * a few seconds before it gives its connection up (data-source.ts). Migrations and the research
   * export are exempt. 0 (never from the environment, which takes 1-3600): no timeout, for the
   * CLI's one-off jobs.
   */
  databaseStatementTimeoutSeconds: number;
  dataDir: string;
  publicBaseUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  smsUrl: string | undefined;
  clinicTimezone: string;
  /** The clinic's name, as patients and printed reports know it (CLINIC_NAME; the same as clinic.name). */
  clinicName: string;
  schedulerEnabled: boolean;
  schedulerIntervalSeconds: number;
  /** How long a claim is held before the reaper may take it back. */
  schedulerLeaseSeconds: number;
  schedulerBatchSize: number;
  /** The clinic-time hour (0-23) from which each day's alert digest goes to surgeons. */
  alertDigestHour: number;
  /** Minutes without a click or key press after which the portal signs its user out (PORTAL_IDLE_MINUTES). */
  portalIdleMinutes: number;
  jwtSecret: string;
  demoSeed: boolean;
  benchmarks: { success: number; satisfaction: number };
  /** Where the benchmarks come from and the follow-up they refer to, shown beside every comparison. */
  benchmarkSource: string;
  /** The follow-ups every new surgery gets (FOLLOW_UP_TIMEPOINTS), in clinical order. */
  followUpTimepoints: FollowUpTimepoint[];
  /** The follow-up the benchmarks are compared at (BENCHMARK_TIMEPOINT); one of followUpTimepoints. */
  benchmarkTimepoint: FollowUpTimepoint;
  /** Where the built portal lives; served on the same port as the API. */
  portalDir: string | undefined;
  /** Where a licensed site keeps its ODI/ZCQ item text (never shipped with Stride). */
  licensedTextDir: string | undefined;
  /** A name that identifies this process in scheduler leases. */
  instanceId: string;
  /** The least severe log level written (JSON lines on stdout). */
  logLevel: LogLevel;
  /**
   * On SIGTERM, how long in-flight requests and an in-flight dispatch batch get to finish before
   * the process gives up waiting and exits 1.
   */
  shutdownTimeoutSeconds: number;
  /** CLINIC_NAME and CLINIC_PHONE: named in every message and on the survey page. */
  clinic: ClinicIdentity;
  /** The bearer secret the SMS provider's inbound webhook sends; unset: `POST /public/sms/inbound` answers 404. */
  smsInboundSecret: string | undefined;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Honest about what the default figures are: set BENCHMARK_SOURCE to the study a clinic compares with. */
export const DEFAULT_BENCHMARK_SOURCE =
  'Published results of decompression for lumbar spinal stenosis (85% success, 90% satisfaction), reported at ' +
  'follow-up longer than 6 months, typically 1 to 2 years. Set BENCHMARK_SOURCE to cite the study your clinic compares with.';

export function loadConfig(env: Env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const nodeEnv = env['NODE_ENV'] ?? 'development';
  const production = nodeEnv === 'production';
  const dataDir = resolve(cwd, env['STRIDE_DATA_DIR'] ?? '.data');

  const port = integer(env, 'PORT', 3000, 0, 65535, problems);
  const databaseUrl = optionalUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems);
  const migrationDatabaseUrl = optionalUrl(env, 'MIGRATION_DATABASE_URL', ['postgres:', 'postgresql:'], problems);
  if (migrationDatabaseUrl && !env['DATABASE_URL']) {
    problems.push('MIGRATION_DATABASE_URL needs DATABASE_URL too (the embedded database makes its own two roles)');
  }
  const databaseWaitSeconds = integer(env, 'DATABASE_WAIT_SECONDS', 30, 0, 3600, problems);
  const databaseStatementTimeoutSeconds = integer(env, 'DATABASE_STATEMENT_TIMEOUT_SECONDS', 30, 1, 3600, problems);
  const smtpUrl = optionalUrl(env, 'SMTP_URL', ['smtp:', 'smtps:'], problems);
  const smsUrl = optionalUrl(env, 'SMS_URL', ['http:', 'https:'], problems);
  const publicBaseUrl =
    optionalUrl(env, 'PUBLIC_BASE_URL', ['http:', 'https:'], problems) ?? `http://localhost:${port}`;

  const clinicTimezone = env['CLINIC_TIMEZONE'] ?? 'America/New_York';
  if (!IANAZone.isValidZone(clinicTimezone)) {
    problems.push(`CLINIC_TIMEZONE "${clinicTimezone}" is not an IANA time zone (e.g. America/New_York)`);
  }

  const demoSeed = bool(env, 'DEMO_SEED', !production, problems);
  if (demoSeed && production) {
    problems.push('DEMO_SEED is refused when NODE_ENV=production: demo patients must never mix with real ones');
  }

  let jwtSecret = env['JWT_SECRET'];
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  if (jwtSecret === undefined && production) {
    problems.push(
      'JWT_SECRET is required when NODE_ENV=production: every replica must sign and check tokens with the same secret ' +
        '(a generated one would differ per replica, so sign-ins would fail on the others). Make one with `openssl rand -base64 48`',
    );
  }

  if (env['BENCHMARK_SOURCE'] !== undefined && env['BENCHMARK_SOURCE'].length > 500) {
    problems.push('BENCHMARK_SOURCE must be at most 500 characters');
  }
  const benchmarks = {
    success: fraction(env, 'BENCHMARK_SUCCESS', 0.85, problems),
    satisfaction: fraction(env, 'BENCHMARK_SATISFACTION', 0.9, problems),
  };

  const followUpTimepoints = followUps(env, problems);
  const benchmarkTimepoint = benchmarkAt(env, followUpTimepoints, problems);

  const trustProxy = proxyTrust(env, problems);
  const schedulerEnabled = bool(env, 'SCHEDULER_ENABLED', true, problems);
  const schedulerIntervalSeconds = integer(env, 'SCHEDULER_INTERVAL_SECONDS', 60, 1, 86400, problems);
  const schedulerLeaseSeconds = integer(env, 'SCHEDULER_LEASE_SECONDS', 300, 2, 86400, problems);
  const schedulerBatchSize = integer(env, 'SCHEDULER_BATCH_SIZE', 50, 1, 1000, problems);
  const alertDigestHour = integer(env, 'ALERT_DIGEST_HOUR', 7, 0, 23, problems);
  const logLevel = (env['LOG_LEVEL'] || 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env['LOG_LEVEL']}"`);
  }
  const shutdownTimeoutSeconds = integer(env, 'SHUTDOWN_TIMEOUT_SECONDS', 25, 1, 3600, problems);
  // A clinic workstation left open shows patients to whoever walks by; 30 minutes is common practice.
  const portalIdleMinutes = integer(env, 'PORTAL_IDLE_MINUTES', 30, 1, 720, problems);

  const clinic = clinicIdentity(env, production, problems);
  const smsInboundSecret = inboundSecret(env, production, smsUrl, problems);
  if (problems.length === 0) problems.push(...smsBudgetProblems(clinic, publicBaseUrl.replace(/\/+$/, ''), clinicTimezone));

  if (problems.length > 0) throw new ConfigError(problems);

  // The demo keeps its generated secret beside its data, so logins survive a restart.
  jwtSecret ??= persistentSecret(dataDir);

  return {
    nodeEnv,
    production,
    port,
    host: env['HOST'] ?? '0.0.0.0',
    trustProxy,
    databaseUrl,
    migrationDatabaseUrl,
    databaseWaitSeconds,
    databaseStatementTimeoutSeconds,
    dataDir,
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
    smtpUrl,
    mailFrom: env['MAIL_FROM'] ?? 'Stride follow-up <no-reply@stride.local>',
    smsUrl,
    clinicTimezone,
    clinicName: clinic.name,
    schedulerEnabled,
    schedulerIntervalSeconds,
    schedulerLeaseSeconds,
    schedulerBatchSize,
    alertDigestHour,
    portalIdleMinutes,
    jwtSecret,
    demoSeed,
    benchmarks,
    benchmarkSource: env['BENCHMARK_SOURCE']?.trim() || DEFAULT_BENCHMARK_SOURCE,
    followUpTimepoints,
    benchmarkTimepoint,
    portalDir: env['PORTAL_DIR'] ?? defaultPortalDir(cwd),
    licensedTextDir: env['LICENSED_TEXT_DIR'] ? resolve(cwd, env['LICENSED_TEXT_DIR']) : undefined,
    instanceId: env['INSTANCE_ID'] ?? `${process.pid}-${randomBytes(3).toString('hex')}`,
    logLevel,
    shutdownTimeoutSeconds,
    clinic,
    smsInboundSecret,
  };
}

/** The demo's clinic: fictitious (555-01xx numbers are reserved for fiction). */
export const DEMO_CLINIC: ClinicIdentity = { name: 'Stride Demo Spine Clinic', phone: '(212) 555-0142' };
export const CLINIC_NAME_MAX = 40;

/**
 * Patients must be told who is asking and whom to call. In production both are required (a demo
 * name would be a lie to a real patient); the demo and tests use DEMO_CLINIC. The lengths are
 * capped so the survey SMS keeps to its segments (checked in full by smsBudgetProblems).
 */
function clinicIdentity(env: Env, production: boolean, problems: string[]): ClinicIdentity {
  const name = env['CLINIC_NAME']?.trim() || undefined;
  const phone = env['CLINIC_PHONE']?.trim() || undefined;
  if (production && (!name || !phone)) {
    problems.push(
      `${[!name && 'CLINIC_NAME', !phone && 'CLINIC_PHONE'].filter(Boolean).join(' and ')} required when NODE_ENV=production: ` +
        'every survey message and page names the clinic and the number patients call (e.g. CLINIC_NAME="Riverside Spine Center" CLINIC_PHONE="+1 212-555-0142")',
    );
  }
  if (name !== undefined && (name.length < 2 || name.length > CLINIC_NAME_MAX || /[\r\n]/.test(name))) {
    problems.push(`CLINIC_NAME must be 2 to ${CLINIC_NAME_MAX} characters on one line (it starts every SMS), got ${name.length}`);
  }
  if (phone !== undefined && !(/^\+?[0-9 ().-]{7,20}$/.test(phone) && phone.replace(/\D/g, '').length >= 7)) {
    problems.push(`CLINIC_PHONE must be a phone number of at most 20 characters (digits, spaces, + ( ) . -), e.g. +1 212-555-0142, got "${phone}"`);
  }
  return { name: name ?? DEMO_CLINIC.name, phone: phone ?? DEMO_CLINIC.phone };
}

/**
 * SMS_INBOUND_SECRET: what the SMS provider's webhook must send as a bearer token. Required in
 * production when SMS is configured: every survey SMS says "Reply STOP", and carriers require
 * that a STOP works.
 */
function inboundSecret(env: Env, production: boolean, smsUrl: string | undefined, problems: string[]): string | undefined {
  const secret = env['SMS_INBOUND_SECRET'] || undefined;
  if (secret !== undefined && secret.length < 24) problems.push('SMS_INBOUND_SECRET must be at least 24 characters (e.g. `openssl rand -base64 32`)');
  if (secret === undefined && production && smsUrl) {
    problems.push(
      'SMS_INBOUND_SECRET is required when NODE_ENV=production and SMS_URL is set: every survey SMS tells patients to reply STOP, ' +
        "so the provider's inbound webhook (POST /api/public/sms/inbound) must work. Make one with `openssl rand -base64 32`",
    );
  }
  return secret;
}

function defaultPortalDir(cwd: string): string | undefined {
  const dir = join(cwd, 'dist/apps/portal/browser');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

function persistentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function fraction(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0 && value < 1)) {
    problems.push(`${name} must be a proportion between 0 and 1 (e.g. 0.85), got "${raw}"`);
    return fallback;
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  problems.push(`${name} must be true or false, got "${env[name]}"`);
  return fallback;
}

/** In clinical order, as FOLLOW_UP_SCHEDULE lists them. */
const KNOWN_FOLLOW_UPS = Object.keys(FOLLOW_UP_SCHEDULE) as FollowUpTimepoint[];

/**
 * FOLLOW_UP_TIMEPOINTS: the follow-ups, comma-separated, from those Stride has a schedule for
 * (2w, 6w, 3m, 6m, 12m, 24m). Given in any order, kept in clinical order. Unknown names, repeats and
 * an empty list are refused rather than guessed at: a typo would silently stop a survey.
 */
function followUps(env: Env, problems: string[]): FollowUpTimepoint[] {
  const raw = env['FOLLOW_UP_TIMEPOINTS']?.trim();
  if (raw === undefined || raw === '') return [...DEFAULT_FOLLOW_UPS];
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(KNOWN_FOLLOW_UPS as string[]).includes(name));
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  const before = problems.length;
  if (unknown.length > 0) {
    problems.push(
      `FOLLOW_UP_TIMEPOINTS has ${unknown.map((u) => `"${u}"`).join(', ')}, which ${unknown.length === 1 ? 'is not a follow-up' : 'are not follow-ups'} ` +
        `Stride knows; use some of ${KNOWN_FOLLOW_UPS.join(', ')}, separated by commas (baseline is always planned)`,
    );
  }
  if (repeated.length > 0) problems.push(`FOLLOW_UP_TIMEPOINTS names ${[...new Set(repeated)].join(', ')} more than once`);
  if (problems.length > before) return [...DEFAULT_FOLLOW_UPS];
  const order = (t: FollowUpTimepoint): number => KNOWN_FOLLOW_UPS.indexOf(t);
  return (names as FollowUpTimepoint[]).sort((a, b) => order(a) - order(b));
}

/** BENCHMARK_TIMEPOINT: one of the configured follow-ups; by default the last one. */
function benchmarkAt(env: Env, configured: FollowUpTimepoint[], problems: string[]): FollowUpTimepoint {
  const last = configured[configured.length - 1];
  const raw = env['BENCHMARK_TIMEPOINT']?.trim();
  if (raw === undefined || raw === '') return last;
  if (!(configured as string[]).includes(raw)) {
    problems.push(`BENCHMARK_TIMEPOINT "${raw}" must be one of the configured follow-ups (FOLLOW_UP_TIMEPOINTS: ${configured.join(', ')})`);
    return last;
  }
  return raw as FollowUpTimepoint;
}

/** The proxy-addr names Fastify accepts besides addresses: 127.0.0.0/8 + ::1, link-local, private ranges. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: false (default), true (believes any X-Forwarded-For: a client can claim any address;
 * unsafe unless nothing but the proxy can reach the server), a hop count (the number of proxies in
 * front: safe only when the server is reachable through them alone), or the proxies' own addresses
 * or CIDRs, comma-separated: the safe form, since only those peers' headers are believed.
 */
function proxyTrust(env: Env, problems: string[]): boolean | number | string[] {
  const raw = env['TRUST_PROXY']?.trim();
  if (raw === undefined || raw === '') return false;
  const lower = raw.toLowerCase();
  if (['false', 'no', 'off'].includes(lower)) return false;
  if (['true', 'yes', 'on'].includes(lower)) return true;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops <= 20) return hops === 0 ? false : hops;
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (bad.length > 0) {
    problems.push(
      `TRUST_PROXY must be false, a hop count (1-20), the proxies' addresses or CIDRs separated by commas ` +
        `(e.g. 10.0.0.5,10.1.0.0/16, or loopback), or true (unsafe: believes any client's X-Forwarded-For); ` +
        `not an address or CIDR: ${bad.map((b) => `"${b}"`).join(', ')}`,
    );
    return false;
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

function optionalUrl(env: Env, name: string, protocols: string[], problems: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const url = new URL(raw);
    if (!protocols.includes(url.protocol)) {
      problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    }
    return raw;
  } catch {
    problems.push(`${name} is not a valid URL`);
    return undefined;
  }
}
