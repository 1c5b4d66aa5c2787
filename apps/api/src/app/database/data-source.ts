import { DataSource, DataSourceOptions } from 'typeorm';
import { BoundedClient, BoundedClientConfig } from './bounded-client';
import { UserEntity } from '../users/user.entity';
import { PatientEntity } from '../patients/patient.entity';
import { SurgeryEntity } from '../surgeries/surgery.entity';
import { InvitationEntity } from '../invitations/invitation.entity';
import { ResponseEntity } from '../invitations/response.entity';
import { OutboundMessageEntity } from '../messaging/outbound-message.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { InitialSchema1764000000000 } from '../../migrations/1764000000000-InitialSchema';
import { DeliveryLifecycle1764100000000 } from '../../migrations/1764100000000-DeliveryLifecycle';
import { InvitationStopReasons1764200000000 } from '../../migrations/1764200000000-InvitationStopReasons';
import { Sessions1764300000000 } from '../../migrations/1764300000000-Sessions';
import { ExportStreamingIndex1764400000000 } from '../../migrations/1764400000000-ExportStreamingIndex';
import { RateLimitsAndAuditChain1764500000000 } from '../../migrations/1764500000000-RateLimitsAndAuditChain';
import { LongerFollowUp1764600000000 } from '../../migrations/1764600000000-LongerFollowUp';
import { SuccessV21764610000000 } from '../../migrations/1764610000000-SuccessV2';
import { CoordinatorFollowUp1764700000000 } from '../../migrations/1764700000000-CoordinatorFollowUp';
import { Alerts1764800000000 } from '../../migrations/1764800000000-Alerts';
import { SmsReplies1764900000000 } from '../../migrations/1764900000000-SmsReplies';
import { AuditSealing1765000000000 } from '../../migrations/1765000000000-AuditSealing';
import { AuditSealHardening1765200000000 } from '../../migrations/1765200000000-AuditSealHardening';

export const ENTITIES = [
  UserEntity,
  PatientEntity,
  SurgeryEntity,
  InvitationEntity,
  ResponseEntity,
  OutboundMessageEntity,
  AuditEventEntity,
];

/** Listed by class, not by glob, so the same list works compiled, under Jest and in the CLI. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  DeliveryLifecycle1764100000000,
  InvitationStopReasons1764200000000,
  Sessions1764300000000,
  ExportStreamingIndex1764400000000,
  RateLimitsAndAuditChain1764500000000,
  LongerFollowUp1764600000000,
  SuccessV21764610000000,
  CoordinatorFollowUp1764700000000,
  Alerts1764800000000,
  SmsReplies1764900000000,
  AuditSealing1765000000000,
  AuditSealHardening1765200000000,
];

/** A checkout from the pool (an idle connection, or a new one with its login) waits at most this long. */
export const CONNECT_TIMEOUT_MS = 5000;
/**
 * How much longer than statement_timeout a query waits for its answer before its connection is
 * given up: by then the server has cancelled the statement and said so, unless it is not answering
 * at all (frozen, or the network is gone while TCP stays open).
 */
export const READ_TIMEOUT_GRACE_MS = 5000;

/**
 * The app's pool: `statementTimeoutSeconds` bounds each statement on the server (statement_timeout,
 * sent at login) and each query's wait for an answer on the client (that plus READ_TIMEOUT_GRACE_MS,
 * BoundedClient). Without it (migrations, which may run long) no statement is timed. A checkout
 * always waits at most CONNECT_TIMEOUT_MS. TypeORM passes `extra` to pg.Pool as it is, and the pool
 * passes it to each Client it makes.
 */
export function dataSourceOptions(url: string, poolSize = 10, statementTimeoutSeconds?: number): DataSourceOptions {
  const bounds: BoundedClientConfig =
    statementTimeoutSeconds === undefined
      ? {}
      : { statement_timeout: statementTimeoutSeconds * 1000, readTimeoutMs: statementTimeoutSeconds * 1000 + READ_TIMEOUT_GRACE_MS };
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // The schema comes from migrations only.
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, Client: BoundedClient, ...bounds },
  };
}

/**
 * Runs pending migrations under an advisory lock, so several replicas (or parallel test
 * workers) starting together apply each migration exactly once.
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', ['stride:migrations']);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', ['stride:migrations']).catch(() => undefined);
    await runner.release();
  }
}
