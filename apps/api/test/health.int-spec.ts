import { Api, startTestApp, TestApp } from './harness';
import { MIGRATIONS } from '../src/app/database/data-source';

/**
 * Probes through @nestjs/terminus: liveness never depends on the database; readiness needs the
 * database and every migration this build knows; /health (the contract's) is liveness + database.
 */
describe('health probes', () => {
  let test: TestApp;
  let anonymous: Api;

  beforeAll(async () => {
    test = await startTestApp();
    anonymous = new Api(test.baseUrl);
  });

  afterAll(async () => {
    await test?.close();
  });

  it('answers 200 without a login: /health with the contract shape, /health/live, and /health/ready with the migrations applied', async () => {
    const health = await anonymous.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', database: 'up', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } });
    const live = await anonymous.get('/api/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    const ready = await anonymous.get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, migrations: { status: 'up', applied: MIGRATIONS.length } },
    });
  });

  it('is not ready (503 SERVICE_UNAVAILABLE, Retry-After, naming the pending migration) while a migration is missing, and live meanwhile', async () => {
    const last = MIGRATIONS[MIGRATIONS.length - 1].name;
    const [[row]] = await test.dataSource.query(`DELETE FROM migrations WHERE name = $1 RETURNING id, timestamp, name`, [last]);
    try {
      const ready = await anonymous.get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe('5');
      expect(ready.body).toMatchObject({
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: 'Not ready: migrations down',
        status: 'error',
        info: { database: { status: 'up' } },
        error: { migrations: { status: 'down', pending: [last] } },
      });
      expect((await anonymous.get('/api/health/live')).status).toBe(200);
      expect((await anonymous.get('/api/health')).status).toBe(200);
    } finally {
      await test.dataSource.query(`INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)`, [row.id, row.timestamp, row.name]);
    }
    expect((await anonymous.get('/api/health/ready')).status).toBe(200);
  });
});
