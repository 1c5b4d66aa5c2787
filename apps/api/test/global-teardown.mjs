import pg from 'pg';

export default async function globalTeardown() {
  const server = globalThis.__STRIDE_PG__;
  if (server?.embedded) return server.stop();
  // On a shared server, drop what this run created.
  const client = new pg.Client({ connectionString: process.env.STRIDE_TEST_ADMIN_URL });
  await client.connect();
  const run = process.env.STRIDE_TEST_RUN;
  const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`stride_%_${run}%`]);
  for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await client.end();
}
