import type { SurgeryView, TimepointSummary } from '@stride/contracts';
import { Api, HttpResult, signIn, startTestApp, TestApp } from './harness';

/**
 * Contract v1.1, "Stopping and who counts": who is in a time point's denominator, seen through the
 * summary and the long export. One surgeon's cohort, all operated on 2026-04-27, so their 2w window
 * (2026-05-04 to 2026-05-18) is open at the start and closed once the clock moves to 2026-05-20.
 *
 *   A  baseline + 2w: success, satisfied        E  deceased while the 2w was open: left out
 *   B  baseline + 2w: failure, dissatisfied     F  baseline answered, then the surgery cancelled: left out
 *   H  2w only: satisfied, success not evaluable G  never answered: a non-responder
 *   C  withdrawn, D opted out (2w open): counted as non-responders once the window has closed
 *   I  withdrawn, J deceased before this surgery was recorded: as C and E
 */
const START = '2026-05-04T16:00:00Z';
const AFTER_2W = '2026-05-20T16:00:00Z';
const SURGERY = '2026-04-27';

const BASELINE = { legPain: 8, backPain: 6, walkingDistance: 1 };

function expectStatus(response: HttpResult, status: number): void {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: response.body });
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
}

describe('denominators', () => {
  let test: TestApp;
  let admin: Api;
  let researcher: Api;
  let surgeonId: string;
  const subject: Record<string, string> = {};
  const surgeries: Record<string, SurgeryView> = {};

  const summary = async (): Promise<Record<string, TimepointSummary>> => {
    const response = await researcher.get(`/api/cohorts/summary?surgeonId=${surgeonId}`);
    expectStatus(response, 200);
    return Object.fromEntries(response.body.timepoints.map((t: TimepointSummary) => [t.timepoint, t]));
  };

  const longExport = async (): Promise<{ columns: string[]; rows: Record<string, string>[] }> => {
    const response = await researcher.get(`/api/exports/outcomes.csv?format=long&surgeonId=${surgeonId}`);
    expectStatus(response, 200);
    return { columns: response.text.split('\n')[0].split(','), rows: parseCsv(response.text) };
  };

  const nameOf = (subjectId: string): string => Object.keys(subject).find((name) => subject[name] === subjectId) ?? `unknown ${subjectId}`;

  beforeAll(async () => {
    test = await startTestApp({ now: START });
    admin = (await signIn(test, 'admin')).api;
    researcher = (await signIn(test, 'researcher')).api;
    surgeonId = (await signIn(test, 'surgeon')).user.id;

    const enroll = async (name: string, status?: string): Promise<void> => {
      const patient = await admin.post('/api/patients', {
        mrn: `MRN-DEN-${name}`, givenName: name, familyName: 'Count', birthDate: '1950-01-01', email: `${name}@example.org`, language: 'en', surgeonId,
      });
      expectStatus(patient, 201);
      if (status) expectStatus(await admin.patch(`/api/patients/${patient.body.id}/status`, { status }), 200);
      const surgery = await admin.post(`/api/patients/${patient.body.id}/surgeries`, { procedure: 'laminectomy', surgeryDate: SURGERY });
      expectStatus(surgery, 201);
      surgeries[name] = surgery.body;
      const [row] = await test.dataSource.query(`SELECT subject_code FROM patients WHERE id = $1`, [patient.body.id]);
      subject[name] = row.subject_code;
    };
    for (const name of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']) await enroll(name);
    await enroll('I', 'withdrawn');
    await enroll('J', 'deceased');

    const answer = async (name: string, timepoint: string, answers: object, collectedAt: string): Promise<void> => {
      const invitation = surgeries[name].invitations.find((i) => i.timepoint === timepoint);
      expectStatus(await admin.post(`/api/invitations/${invitation?.id}/responses`, { answers, mode: 'paper', collectedAt }), 201);
    };
    await answer('A', 'baseline', BASELINE, '2026-04-20');
    await answer('B', 'baseline', BASELINE, '2026-04-20');
    await answer('F', 'baseline', BASELINE, '2026-04-20');
    await answer('A', '2w', { legPain: 2, backPain: 2, walkingDistance: 3, satisfaction: 5 }, '2026-05-04');
    await answer('B', '2w', { legPain: 7, backPain: 6, walkingDistance: 1, satisfaction: 2 }, '2026-05-04');
    await answer('H', '2w', { legPain: 3, backPain: 2, walkingDistance: 2, satisfaction: 4 }, '2026-05-04');

    const stop = async (name: string, status: string): Promise<void> => {
      expectStatus(await admin.patch(`/api/patients/${surgeries[name].patientId}/status`, { status }), 200);
    };
    await stop('C', 'withdrawn');
    await stop('D', 'opted_out');
    await stop('E', 'deceased');
    expectStatus(await admin.patch(`/api/surgeries/${surgeries['F'].id}`, { status: 'cancelled' }), 200);
  });

  afterAll(() => test?.close());

  it('stops the open invitations of a stopped patient or a cancelled surgery with the reason, and keeps answers', async () => {
    const twoWeeks = async (name: string): Promise<unknown> => {
      const patient = await admin.get(`/api/patients/${surgeries[name].patientId}`);
      const invitation = patient.body.surgeries[0].invitations.find((i: { timepoint: string }) => i.timepoint === '2w');
      return [name, invitation.status, invitation.stopReason];
    };
    expect(await Promise.all(['A', 'C', 'D', 'E', 'F', 'G', 'I', 'J'].map(twoWeeks))).toEqual([
      ['A', 'completed', null],
      ['C', 'cancelled', 'withdrawn'],
      ['D', 'cancelled', 'opted_out'],
      ['E', 'cancelled', 'deceased'],
      ['F', 'cancelled', 'surgery_cancelled'],
      ['G', 'pending', null],
      // A surgery recorded after the patient stopped gets nothing sent, and says why.
      ['I', 'cancelled', 'withdrawn'],
      ['J', 'cancelled', 'deceased'],
    ]);
  });

  it('counts only answered invitations while the 2w window is still open', async () => {
    const twoWeeks = (await summary())['2w'];
    expect([twoWeeks.eligible, twoWeeks.responded, twoWeeks.deceased, twoWeeks.stopped]).toEqual([3, 3, 0, { withdrawn: 0, optedOut: 0 }]);
  });

  describe('once the 2w window has closed', () => {
    beforeAll(async () => {
      test.clock.set(AFTER_2W);
      expectStatus(await admin.post('/api/admin/scheduler/run'), 200);
    });

    it('keeps withdrawn and opted-out patients as non-responders and leaves the deceased and the cancelled out', async () => {
      const twoWeeks = (await summary())['2w'];
      // Eligible: A, B, H (answered), C and I (withdrawn), D (opted out), G (missed). Left out: E, J (deceased), F (cancelled).
      expect({
        eligible: twoWeeks.eligible,
        responded: twoWeeks.responded,
        responseRate: twoWeeks.responseRate,
        deceased: twoWeeks.deceased,
        stopped: twoWeeks.stopped,
      }).toEqual({ eligible: 7, responded: 3, responseRate: 3 / 7, deceased: 2, stopped: { withdrawn: 2, optedOut: 1 } });
    });

    it('bounds loss to follow-up with m = eligible - responded: worst x/(n+m), best (x+m)/(n+m)', async () => {
      const { success, satisfaction } = (await summary())['2w'];
      const m = 7 - 3;
      // Success: A of A and B (H has no baseline, so is not evaluable).
      expect([success.x, success.n, success.worstCase, success.bestCase]).toEqual([1, 2, 1 / (2 + m), (1 + m) / (2 + m)]);
      // Satisfaction: A and H of A, B and H.
      expect([satisfaction.x, satisfaction.n, satisfaction.worstCase, satisfaction.bestCase]).toEqual([2, 3, 2 / (3 + m), (2 + m) / (3 + m)]);
    });

    it('leaves a cancelled surgery out of the baseline too, though its baseline was answered', async () => {
      const baseline = (await summary())['baseline'];
      expect(baseline.responded).toBe(2);
      const { rows } = await longExport();
      expect(rows.filter((r) => nameOf(r['subject_id']) === 'F')).toEqual([]);
    });

    it('exports every eligible 2w invitation with its status and stop_reason, and nothing else', async () => {
      const { columns, rows } = await longExport();
      expect(columns).toContain('stop_reason');
      const twoWeeks = rows
        .filter((r) => r['timepoint'] === '2w')
        .map((r) => [nameOf(r['subject_id']), r['status'], r['stop_reason'], r['success'], r['satisfied']])
        .sort((a, b) => (a[0] < b[0] ? -1 : 1));
      expect(twoWeeks).toEqual([
        ['A', 'completed', '', '1', '1'],
        ['B', 'completed', '', '0', '0'],
        ['C', 'cancelled', 'withdrawn', '', ''],
        ['D', 'cancelled', 'opted_out', '', ''],
        ['G', 'missed', '', '', ''],
        ['H', 'completed', '', '', '1'],
        ['I', 'cancelled', 'withdrawn', '', ''],
      ]);
    });

    it('lets a researcher recompute every 2w figure of the summary from the export alone', async () => {
      const twoWeeks = (await summary())['2w'];
      const rows = (await longExport()).rows.filter((r) => r['timepoint'] === '2w');
      const eligible = rows.length;
      const responded = rows.filter((r) => r['status'] === 'completed').length;
      const m = eligible - responded;
      const bounds = (flag: string): [number, number] => {
        const x = rows.filter((r) => r[flag] === '1').length;
        const n = rows.filter((r) => r[flag] !== '').length;
        return [x / (n + m), (x + m) / (n + m)];
      };
      expect({
        eligible,
        responded,
        withdrawn: rows.filter((r) => r['stop_reason'] === 'withdrawn').length,
        optedOut: rows.filter((r) => r['stop_reason'] === 'opted_out').length,
        success: bounds('success'),
        satisfaction: bounds('satisfied'),
      }).toEqual({
        eligible: twoWeeks.eligible,
        responded: twoWeeks.responded,
        withdrawn: twoWeeks.stopped.withdrawn,
        optedOut: twoWeeks.stopped.optedOut,
        success: [twoWeeks.success.worstCase, twoWeeks.success.bestCase],
        satisfaction: [twoWeeks.satisfaction.worstCase, twoWeeks.satisfaction.bestCase],
      });
    });
  });
});
