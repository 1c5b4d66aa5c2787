import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Clock } from './app/common/clock';
import { parseArgs } from 'node:util';
import { ROLES, Role } from '@stride/contracts';
import { AppModule } from './app/app.module';
import { loadConfig, ConfigError } from './app/config/app-config';
import { resolveDatabase } from './app/database/runtime';
import { migrate } from './app/database/data-source';
import { UsersService } from './app/users/users.service';
import { seedDemoIfEmpty } from './app/demo/demo-seed';
import { DomainError } from './app/common/domain-errors';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  create-user --email E --name N --role admin|surgeon|researcher
              The password is read from the NEW_USER_PASSWORD environment variable, never from the command line.
  seed-demo   Seed the demo clinic if the database is empty (refused when NODE_ENV=production).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  // The CLI never ticks the scheduler: it does its one job and exits.
  const config = { ...loadConfig(process.env), schedulerEnabled: false };
  const database = await resolveDatabase(config, (line) => process.stderr.write(line + '\n'));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: database.url }), {
    logger: ['error'],
  });
  try {
    await migrate(app.get(DataSource));
    switch (command) {
      case 'create-user':
        return await createUser(app.get(UsersService), rest);
      case 'seed-demo': {
        const seeded = await seedDemoIfEmpty(app.get(DataSource), config, app.get(Clock).now(), (line) => process.stdout.write(line + '\n'));
        if (!seeded) process.stdout.write('The database already has users; nothing seeded.\n');
        return 0;
      }
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
        return 1;
    }
  } finally {
    await app.close();
    await database.stop();
  }
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
    if (error instanceof ConfigError) process.stderr.write(error.message + '\n');
    else if (error instanceof DomainError) process.stderr.write(`error: ${error.message}\n`);
    else process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
