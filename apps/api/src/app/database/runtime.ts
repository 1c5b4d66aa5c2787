import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded';

export interface RuntimeDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL under .data/. A second process
 * (the CLI while `npm start` runs) joins the embedded server already running instead of
 * starting another on the same data.
 */
export async function resolveDatabase(config: AppConfig, log: (line: string) => void): Promise<RuntimeDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  const marker = join(config.dataDir, 'embedded.json');
  if (existsSync(marker)) {
    const { url } = JSON.parse(readFileSync(marker, 'utf8')) as { url: string };
    if (await reachable(url)) return { url, embedded: true, stop: async () => undefined };
    rmSync(marker, { force: true });
  }
  const server = await startEmbeddedPostgres(config.dataDir, log);
  writeFileSync(marker, JSON.stringify({ url: server.url, pid: process.pid }));
  return {
    url: server.url,
    embedded: true,
    stop: async () => {
      rmSync(marker, { force: true });
      await server.stop();
    },
  };
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
