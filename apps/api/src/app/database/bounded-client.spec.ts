import { createServer, Server, Socket } from 'node:net';
import { Pool } from 'pg';
import { BoundedClient, QueryReadTimeoutError } from './bounded-client';

/**
 * A PostgreSQL that lets a client log in and then never answers a query: what a frozen server
 * looks like from the client (the TCP connection stays open). Records how many sockets it holds.
 */
async function frozenServer(): Promise<{ port: number; open: () => number; close: () => Promise<void>; server: Server }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => {
      // AuthenticationOk, then ReadyForQuery (idle); after that, silence.
      socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    server,
    port,
    open: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe(BoundedClient.name, () => {
  let frozen: Awaited<ReturnType<typeof frozenServer>>;
  let pool: Pool;

  beforeEach(async () => {
    frozen = await frozenServer();
    pool = new Pool({ host: '127.0.0.1', port: frozen.port, user: 'u', database: 'd', max: 1, Client: BoundedClient, readTimeoutMs: 200 } as never);
    pool.on('error', () => undefined);
  });

  afterEach(async () => {
    await pool.end().catch(() => undefined);
    await frozen.close();
  });

  it('fails a query with no answer after readTimeoutMs and closes its connection, which the pool then drops', async () => {
    const client = await pool.connect();
    client.on('error', () => undefined);
    const started = Date.now();
    const error = await client.query('SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryReadTimeoutError);
    expect(error).toMatchObject({ code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(2000);
    // Whatever the caller does next, the connection is gone: nothing can queue behind the stale query.
    await expect(client.query('SELECT 2')).rejects.toThrow(/not queryable/);
    client.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pool.totalCount).toBe(0);
    expect(frozen.open()).toBe(0);
  });

  it('does the same through pool.query (a callback inside pg-pool), and the next query gets a new connection', async () => {
    await expect(pool.query('SELECT 1')).rejects.toBeInstanceOf(QueryReadTimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pool.totalCount).toBe(0);
    await expect(pool.query('SELECT 1')).rejects.toBeInstanceOf(QueryReadTimeoutError);
  });

  it('does not time a query that streams (a COPY is read at its consumer\'s pace)', async () => {
    const client = await pool.connect();
    client.on('error', () => undefined);
    let failed: unknown;
    const streaming = { text: 'COPY (SELECT 1) TO STDOUT', submit: (connection: { query: (text: string) => void }) => connection.query(streaming.text), handleError: (e: unknown) => (failed = e) };
    client.query(streaming as never);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(failed).toBeUndefined();
    expect(frozen.open()).toBe(1);
    client.release(new Error('done'));
  });
});
