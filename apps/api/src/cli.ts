import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Clock } from './app/common/clock';
import { parseArgs } from 'node:util';
import { ROLES, Role, type PatientImportReport } from '@stride/contracts';
import { AppModule } from './app/app.module';
import { loadConfig, ConfigError } from './app/config/app-config';
import { DatabaseUnreachableError, migrateDatabase, resolveDatabase, waitForDatabase } from './app/database/runtime';
import { verifyAuditChain } from './app/audit/audit-chain';
import { AuditService } from './app/audit/audit.service';
import { UsersService } from './app/users/users.service';
import { seedDemoIfEmpty } from './app/demo/demo-seed';
import { DomainError } from './app/common/domain-errors';
import { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { PatientImportService } from './app/patients/patient-import.service';
import { printable } from './app/patients/patient-import';
import { FollowUpExtensionService } from './app/invitations/follow-up-extension.service';
import type { Caller } from './app/auth/caller';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  create-user --email E --name N --role admin|surgeon|researcher
              The password is read from the NEW_USER_PASSWORD environment variable, never from the command line.
  import-patients --file F.csv --as ADMIN_EMAIL [--dry-run]
              Enroll patients and their surgeries from a CSV with the columns
              mrn,given_name,family_name,birth_date,email,phone,language,surgeon_email,procedure,surgery_date.
              The file must be UTF-8 (Excel: "CSV UTF-8"). The whole file is checked first; a file that cannot be
              read (an unclosed quote, a duplicate column, not UTF-8) imports nothing. Rows that pass every check
              are imported, each patient with its surgery in one transaction; the others are listed by line and
              column. --dry-run runs the same checks and writes nothing. Exit 0: every row imported; 2: some refused.
  add-timepoint --timepoint 12m|24m|... --as ADMIN_EMAIL [--dry-run]
              After adding a follow-up to FOLLOW_UP_TIMEPOINTS: plan it for existing scheduled surgeries of patients
              still followed up, where its window has not closed yet. Audited; running it again adds nothing twice.
  seed-demo   Seed the demo clinic if the database is empty (refused when NODE_ENV=production).
  verify-audit [--head SEQ:HASH]
              Seal the audit log, then check its hash chain: prints the first broken link (exit 2), or the chain's
              head to keep somewhere the database cannot reach (exit 0), and how many rows still await sealing.
              --head checks that a head printed earlier is still in the chain, which an owner who rewrote the
              whole tail could not fake.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  // The CLI never ticks the scheduler: it does its one job and exits. Nor does it time statements:
  // its jobs (verify-audit over the whole log, add-timepoint over every surgery) may run long, and an
  // operator watches them.
  const config = { ...loadConfig(process.env), schedulerEnabled: false, databaseStatementTimeoutSeconds: 0 };
  const database = await resolveDatabase(config, (line) => process.stderr.write(line + '\n'));
  await waitForDatabase(database.migrationUrl, config.databaseWaitSeconds, (line) => process.stderr.write(line + '\n'));
  await migrateDatabase(database);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: database.url }), {
    logger: ['error'],
  });
  try {
    switch (command) {
      case 'create-user':
        return await createUser(app.get(UsersService), rest);
      case 'import-patients':
        return await importCommand(app, rest);
      case 'add-timepoint':
        return await addTimepointCommand(app, rest);
      case 'seed-demo': {
        const seeded = await seedDemoIfEmpty(app.get(DataSource), config, app.get(Clock).now(), (line) => process.stdout.write(line + '\n'));
        if (!seeded) process.stdout.write('The database already has users; nothing seeded.\n');
        return 0;
      }
      case 'verify-audit':
        return await verifyAudit(app.get(DataSource), app.get(AuditService), rest);
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
        return 1;
    }
  } finally {
    await app.close();
    await database.stop();
  }
}

/** How long verify-audit queues behind a sealer that holds the chain's head before checking what is sealed. */
const VERIFY_SEAL_WAIT_SECONDS = 5;

async function verifyAudit(dataSource: DataSource, audit: AuditService, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { head: { type: 'string' } } });
  const earlier = values.head ? /^(\d+):([0-9a-f]{64})$/i.exec(values.head) : null;
  if (values.head && !earlier) {
    process.stderr.write('error: --head must be SEQ:HASH as printed by an earlier verify-audit\n');
    return 1;
  }
  // Chain what has committed first, so the check covers the log up to now.
  const sealed = await audit.seal({ waitSeconds: VERIFY_SEAL_WAIT_SECONDS });
  if (sealed === null) {
    process.stdout.write(`Sealing is busy (another sealer held the chain's head for ${VERIFY_SEAL_WAIT_SECONDS} s); checking what is sealed.\n`);
  }
  const report = await verifyAuditChain(dataSource);
  const awaiting = report.unsealed > 0 ? ` ${report.unsealed} row(s) awaiting sealing: written, not in the chain yet, so not checked.` : '';
  if (!report.intact) {
    const row = report.brokenAt.id ? `row id ${report.brokenAt.id} (seq ${report.brokenAt.seq})` : `seq ${report.brokenAt.seq}`;
    process.stdout.write(`Audit log BROKEN at ${row}: ${report.reason}. ${report.rows} sealed row(s) checked.${awaiting}\n`);
    return 2;
  }
  if (earlier) {
    const [row] = (await dataSource.query(`SELECT encode(hash, 'hex') AS hash FROM audit_events WHERE chain_seq = $1`, [earlier[1]])) as { hash: string }[];
    if (row?.hash !== earlier[2].toLowerCase()) {
      process.stdout.write(`Audit log REWRITTEN: the head you kept (seq ${earlier[1]}) is ${row ? 'no longer the same hash' : 'missing'}.\n`);
      return 2;
    }
  }
  process.stdout.write(
    `Audit log intact: ${report.rows} sealed row(s)${earlier ? `, still extending the head seq ${earlier[1]} you kept` : ''}.${awaiting}\n` +
      `Chain head: ${report.headSeq}:${report.headHash}\n` +
      'Keep that head somewhere the database cannot reach; check it later with verify-audit --head.\n',
  );
  return 0;
}

async function addTimepointCommand(app: INestApplicationContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { timepoint: { type: 'string' }, as: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  if (!values.timepoint || !values.as) {
    process.stderr.write('error: --timepoint and --as (the email of the admin making the change) are required\n');
    return 1;
  }
  const admin = await adminCaller(app, values.as, 'adding invitations');
  if (!admin) return 1;
  const dryRun = values['dry-run'] ?? false;
  const report = await app.get(FollowUpExtensionService).addTimepoint(admin, values.timepoint, { dryRun });
  process.stdout.write(
    `${dryRun ? 'Would add' : 'Added'} ${report.added} ${report.timepoint} invitation(s); ` +
      `${report.windowClosed} surgery(ies) skipped because the ${report.timepoint} window has closed ` +
      `(${report.considered} scheduled surgery(ies) of patients still followed up had none).\n`,
  );
  return 0;
}

/** The admin an audited CLI change is recorded under; null (with a message) when the email is not an admin's. */
async function adminCaller(app: INestApplicationContext, email: string, doing: string): Promise<Caller | null> {
  const admin = await app.get(UsersService).findByEmail(email);
  if (!admin || admin.role !== 'admin') {
    process.stderr.write(`error: ${email} is not an admin; ${doing} is recorded in the audit log under an admin's name\n`);
    return null;
  }
  return { id: admin.id, role: admin.role, name: admin.name };
}

async function importCommand(app: INestApplicationContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { file: { type: 'string' }, as: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  if (!values.file || !values.as) {
    process.stderr.write('error: --file and --as (the email of the admin doing the import) are required\n');
    return 1;
  }
  const admin = await adminCaller(app, values.as, 'an import');
  if (!admin) return 1;
  let report: PatientImportReport;
  try {
    report = await app.get(PatientImportService).run(admin, readFileSync(values.file), {
      dryRun: values['dry-run'] ?? false,
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    for (const problem of error.errors ?? []) process.stderr.write(`${printable(problem.message)}\n`);
    process.stderr.write('Nothing was imported.\n');
    return 2;
  }
  for (const row of report.rows) {
    const what = row.status === 'refused' ? 'refused' : report.dryRun ? 'would import' : 'imported';
    const why = row.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    process.stdout.write(`line ${row.line}: ${what} ${row.mrn} ${row.name}${why ? ` (${why})` : ''}\n`);
  }
  process.stdout.write(
    `${report.dryRun ? 'Would import' : 'Imported'} ${report.accepted} patient(s); ${report.refused} row(s) refused${report.dryRun ? '; nothing was written' : ''}.\n`,
  );
  return report.refused > 0 ? 2 : 0;
}

async function createUser(users: UsersService, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } });
  const password = process.env['NEW_USER_PASSWORD'];
  const problems: string[] = [];
  if (!values.email) problems.push('--email is required');
  if (!values.name) problems.push('--name is required');
  if (!values.role || !ROLES.includes(values.role as Role)) problems.push(`--role must be one of ${ROLES.join(', ')}`);
  if (!password || password.length < 10) problems.push('NEW_USER_PASSWORD must be set to a password of at least 10 characters');
  if (problems.length > 0) {
    process.stderr.write(problems.map((p) => `error: ${p}`).join('\n') + '\n');
    return 1;
  }
  const user = await users.create(null, {
    email: values.email as string,
    name: values.name as string,
    role: values.role as Role,
    password: password as string,
  });
  process.stdout.write(`Created ${user.role} ${user.email} (${user.id})\n`);
  return 0;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof DatabaseUnreachableError) process.stderr.write(error.message + '\n');
    else if (error instanceof DomainError) process.stderr.write(`error: ${[error.message, ...(error.errors ?? []).map((e) => e.message)].join(': ')}\n`);
    else process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
