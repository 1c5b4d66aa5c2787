import { OutageLog } from './outage-log';

describe('OutageLog', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-07T12:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  function capture(): { lines: [string, string][]; log: OutageLog } {
    const lines: [string, string][] = [];
    return { lines, log: new OutageLog({ warn: (m) => lines.push(['warn', m]), log: (m) => lines.push(['info', m]) }, 5000) };
  }

  it('says once when requests start failing, counts the rest, and once when 5 s pass without a failure', () => {
    const { lines, log } = capture();
    for (let i = 0; i < 300; i++) {
      log.failed(i % 2 ? 'GET /api/patients' : 'GET /api/public/surveys/:token', 'connect ECONNREFUSED 127.0.0.1:5432');
      jest.advanceTimersByTime(10);
    }
    expect(lines).toEqual([
      ['warn', expect.stringMatching(/^database unavailable: GET \/api\/public\/surveys\/:token: connect ECONNREFUSED 127\.0\.0\.1:5432; requests get 503/)],
    ]);
    jest.advanceTimersByTime(4989);
    expect(lines).toHaveLength(1);
    jest.advanceTimersByTime(2);
    expect(lines[1]).toEqual([
      'info',
      'database unavailable episode over (no failure for 5 s): 300 request(s) answered 503 from 2026-12-07T12:00:00.000Z to 2026-12-07T12:00:02.990Z on GET /api/patients, GET /api/public/surveys/:token',
    ]);
  });

  it('starts a new episode after a quiet spell, with its own count', () => {
    const { lines, log } = capture();
    log.failed('GET /api/patients', 'timeout exceeded when trying to connect');
    jest.advanceTimersByTime(6000);
    log.failed('POST /api/auth/login', 'Connection terminated unexpectedly');
    log.failed('POST /api/auth/login', 'Connection terminated unexpectedly');
    jest.advanceTimersByTime(6000);
    expect(lines.map(([level, m]) => `${level} ${m.slice(0, 60)}`)).toEqual([
      'warn database unavailable: GET /api/patients: timeout exceeded wh',
      'info database unavailable episode over (no failure for 5 s): 1 re',
      'warn database unavailable: POST /api/auth/login: Connection termi',
      'info database unavailable episode over (no failure for 5 s): 2 re',
    ]);
  });
});
