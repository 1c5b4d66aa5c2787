import type { FieldError, InvitationView, ReschedulePreview, SurgeryView, Timepoint } from '@stride/contracts';
import { Api, HttpResult, signIn, startTestApp, TestApp } from './harness';

/**
 * Contract v1.1, "Plausible dates and answer windows", over real HTTP. The clock stands at
 * 2026-05-04 12:00 in New York (the clinic's zone), so "today" is 2026-05-04 and every boundary
 * below is a literal calendar day worked out from it.
 */
const NOW = '2026-05-04T16:00:00Z';

const BASELINE_ANSWERS = { legPain: 8, backPain: 6, walkingDistance: 1 };
const POST_OP_ANSWERS = { legPain: 2, backPain: 2, walkingDistance: 3, satisfaction: 5 };

/** What a client decides on: the status, the contract code and the fields named. */
function refusal(response: HttpResult): { status: number; code: unknown; fields: string[] } {
  return { status: response.status, code: response.body?.code, fields: (response.body?.errors ?? []).map((e: FieldError) => e.field) };
}

/** Asserts the status, printing the body when it is not the expected one. */
function expectStatus(response: HttpResult, status: number): void {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: response.body });
}

describe('dates and windows', () => {
  let test: TestApp;
  let admin: Api;
  let surgeonId: string;
  let mrns = 0;

  beforeAll(async () => {
    test = await startTestApp({ now: NOW });
    admin = (await signIn(test, 'admin')).api;
    surgeonId = (await signIn(test, 'surgeon')).user.id;
  });

  afterAll(() => test?.close());

  afterEach(() => test.clock.set(NOW));

  const postPatient = (birthDate: string, extra: Record<string, unknown> = {}): Promise<HttpResult> =>
    admin.post('/api/patients', {
      mrn: `MRN-DW-${++mrns}`, givenName: 'Dana', familyName: 'Window', birthDate, email: `dw${mrns}@example.org`, language: 'en', surgeonId, ...extra,
    });

  const newPatient = async (birthDate = '1950-01-01', extra: Record<string, unknown> = {}): Promise<string> => {
    const created = await postPatient(birthDate, extra);
    expectStatus(created, 201);
    return created.body.id;
  };

  const postSurgery = (patientId: string, surgeryDate: string): Promise<HttpResult> =>
    admin.post(`/api/patients/${patientId}/surgeries`, { procedure: 'laminectomy', surgeryDate });

  /** A new patient with one surgery; its invitations by time point. */
  const enroll = async (
    surgeryDate: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ patientId: string; surgery: SurgeryView; inv: Record<Timepoint, InvitationView> }> => {
    const patientId = await newPatient('1950-01-01', extra);
    const created = await postSurgery(patientId, surgeryDate);
    expectStatus(created, 201);
    const surgery: SurgeryView = created.body;
    return { patientId, surgery, inv: byTimepoint(surgery.invitations) };
  };

  const byTimepoint = (invitations: InvitationView[]): Record<Timepoint, InvitationView> =>
    Object.fromEntries(invitations.map((i) => [i.timepoint, i])) as Record<Timepoint, InvitationView>;

  const record = (invitationId: string, collectedAt: unknown, answers: object = POST_OP_ANSWERS): Promise<HttpResult> =>
    admin.post(`/api/invitations/${invitationId}/responses`, { answers, mode: 'paper', collectedAt });

  const surgeryOf = async (patientId: string, surgeryId: string): Promise<SurgeryView> => {
    const patient = await admin.get(`/api/patients/${patientId}`);
    expectStatus(patient, 200);
    return patient.body.surgeries.find((s: SurgeryView) => s.id === surgeryId);
  };

  /** The stored state of a surgery and its invitations, to prove a refusal or a preview changed nothing. */
  const stored = async (surgeryId: string): Promise<unknown> => ({
    surgery: await test.dataSource.query(`SELECT to_char(surgery_date, 'YYYY-MM-DD') AS surgery_date, status FROM surgeries WHERE id = $1`, [surgeryId]),
    invitations: await test.dataSource.query(
      `SELECT timepoint, status, due_at, closes_at, updated_at, stop_reason FROM invitations WHERE surgery_id = $1 ORDER BY timepoint`,
      [surgeryId],
    ),
  });

  describe('birthDate', () => {
    it.each([
      ['1899-12-31', 'before 1900-01-01'],
      ['1900-01-01', 'the earliest day allowed, but 126 years old today'],
      ['2026-05-05', 'tomorrow'],
      ['2026-05-04', 'today (age 0)'],
      ['2009-05-05', 'still 17 a year from now, the latest surgery date'],
      ['1910-05-04', 'already 111 five years ago, the earliest surgery date'],
      ['0000-01-01', 'year 0000'],
      ['0001-01-01', 'year 0001'],
      ['9999-12-31', 'year 9999'],
    ])('refuses %s (%s) with 400 IMPLAUSIBLE_DATE naming birthDate, and enrolls nobody', async (birthDate) => {
      const mrn = `MRN-DW-BD-${birthDate}`;
      const refused = await postPatient(birthDate, { mrn });
      expect(refusal(refused)).toEqual({ status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['birthDate'] });
      expect(await test.dataSource.query(`SELECT id FROM patients WHERE mrn = $1`, [mrn])).toEqual([]);
    });

    // Contract v1.1 bounds the age at surgery; at enrollment the surgery may be up to a year ahead
    // or five years back, so a birth date is plausible when some surgery date in that range is.
    it('accepts anyone who is 18 to 110 on some plausible surgery date', async () => {
      for (const birthDate of ['2008-05-04', '1915-05-05', '2009-05-04', '1910-05-05']) {
        const created = await postPatient(birthDate);
        expectStatus(created, 201);
        expect(created.body.birthDate).toBe(birthDate);
      }
    });

    it('answers a date that is not a calendar date with 400 VALIDATION_FAILED naming birthDate', async () => {
      for (const birthDate of ['0000-00-00', '1950-02-30', '1950-1-1', 19500101]) {
        expect(refusal(await postPatient(birthDate as string))).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['birthDate'] });
      }
    });
  });

  describe('age at surgery', () => {
    it('refuses a surgery at 17 and accepts one on the 18th birthday, naming surgeryDate', async () => {
      const patientId = await newPatient('2008-05-04');
      expect(refusal(await postSurgery(patientId, '2026-05-03'))).toEqual({ status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['surgeryDate'] });
      const accepted = await postSurgery(patientId, '2026-05-04');
      expectStatus(accepted, 201);

      // The same rule holds when the date changes, and for the preview.
      const moved = await admin.patch(`/api/surgeries/${accepted.body.id}`, { surgeryDate: '2026-05-03' });
      expect(refusal(moved)).toEqual({ status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['surgeryDate'] });
      const preview = await admin.post(`/api/surgeries/${accepted.body.id}/reschedule-preview`, { surgeryDate: '2026-05-03' });
      expect(refusal(preview)).toEqual({ status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['surgeryDate'] });
    });

    it('accepts a surgery at 110 and refuses one at 111', async () => {
      const patientId = await newPatient('1915-05-05');
      expect(refusal(await postSurgery(patientId, '2026-05-05'))).toEqual({ status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['surgeryDate'] });
      expectStatus(await postSurgery(patientId, '2026-05-04'), 201);
    });

    it('counts a 29 February birthday as reached on 1 March, as the export and the age bands do', async () => {
      // PostgreSQL's age(), behind age_at_surgery and the age bands, says 17 on 2026-02-28: the API must agree.
      const patientId = await newPatient('2008-02-29');
      expect(refusal(await postSurgery(patientId, '2026-02-28'))).toEqual({ status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['surgeryDate'] });
      const accepted = await postSurgery(patientId, '2026-03-01');
      expectStatus(accepted, 201);
      const [{ age }] = await test.dataSource.query(
        `SELECT extract(year FROM age(s.surgery_date, p.birth_date))::int AS age FROM surgeries s JOIN patients p ON p.id = s.patient_id WHERE s.id = $1`,
        [accepted.body.id],
      );
      expect(age).toBe(18);
    });
  });

  describe('surgeryDate', () => {
    const refusedDates = [
      ['2021-05-03', 'one day more than 5 years ago'],
      ['2027-05-05', 'one day more than 1 year ahead'],
      ['2099-01-01', 'in 2099'],
      ['0000-01-01', 'in year 0000'],
      ['0001-01-01', 'in year 0001'],
    ];

    it.each(refusedDates)('refuses %s (%s) on create with 400 IMPLAUSIBLE_DATE naming surgeryDate', async (surgeryDate) => {
      const patientId = await newPatient();
      expect(refusal(await postSurgery(patientId, surgeryDate))).toEqual({ status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['surgeryDate'] });
      expect(await test.dataSource.query(`SELECT id FROM surgeries WHERE patient_id = $1`, [patientId])).toEqual([]);
    });

    it('accepts a surgery exactly 5 years ago and exactly 1 year ahead on create', async () => {
      const patientId = await newPatient();
      for (const surgeryDate of ['2021-05-04', '2027-05-04']) {
        const created = await postSurgery(patientId, surgeryDate);
        expectStatus(created, 201);
        expect(created.body.surgeryDate).toBe(surgeryDate);
      }
    });

    it('refuses the same dates on PATCH and in the preview, changing nothing', async () => {
      const { surgery } = await enroll('2026-06-01');
      const before = await stored(surgery.id);
      for (const [surgeryDate] of refusedDates) {
        const patched = await admin.patch(`/api/surgeries/${surgery.id}`, { surgeryDate });
        expect({ surgeryDate, ...refusal(patched) }).toEqual({ surgeryDate, status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['surgeryDate'] });
        const preview = await admin.post(`/api/surgeries/${surgery.id}/reschedule-preview`, { surgeryDate });
        expect({ surgeryDate, ...refusal(preview) }).toEqual({ surgeryDate, status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['surgeryDate'] });
      }
      expect(await stored(surgery.id)).toEqual(before);
    });

    it('accepts exactly 5 years ago and exactly 1 year ahead on PATCH and in the preview', async () => {
      const { surgery } = await enroll('2026-06-01');
      for (const surgeryDate of ['2021-05-04', '2027-05-04']) {
        const preview = await admin.post(`/api/surgeries/${surgery.id}/reschedule-preview`, { surgeryDate });
        expectStatus(preview, 200);
        expect(preview.body.allowed).toBe(true);
        const patched = await admin.patch(`/api/surgeries/${surgery.id}`, { surgeryDate });
        expectStatus(patched, 200);
        expect(patched.body.surgeryDate).toBe(surgeryDate);
      }
    });

    it('answers a malformed surgeryDate with 400 VALIDATION_FAILED naming it, on create, PATCH and preview', async () => {
      const { patientId, surgery } = await enroll('2026-06-01');
      const expected = { status: 400, code: 'VALIDATION_FAILED', fields: ['surgeryDate'] };
      expect(refusal(await postSurgery(patientId, '2026-02-30'))).toEqual(expected);
      expect(refusal(await admin.patch(`/api/surgeries/${surgery.id}`, { surgeryDate: '0000-00-00' }))).toEqual(expected);
      expect(refusal(await admin.post(`/api/surgeries/${surgery.id}/reschedule-preview`, { surgeryDate: 'next week' }))).toEqual(expected);
    });
  });

  describe("the clinic's calendar day, not UTC's", () => {
    // 2026-05-05 03:30 UTC is still 2026-05-04, 23:30, in New York.
    const LATE_EVENING = '2026-05-05T03:30:00Z';

    it('decides birth and surgery dates on the clinic day', async () => {
      test.clock.set(LATE_EVENING);
      expect(refusal(await postPatient('2009-05-05'))).toEqual({ status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['birthDate'] });
      const patientId = await newPatient();
      expect(refusal(await postSurgery(patientId, '2027-05-05'))).toEqual({ status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['surgeryDate'] });
      expectStatus(await postSurgery(patientId, '2021-05-04'), 201);
    });

    it('refuses a collection date that is tomorrow in the clinic, though today in UTC', async () => {
      const { inv } = await enroll('2026-04-27');
      test.clock.set(LATE_EVENING);
      expect(refusal(await record(inv['2w'].id, '2026-05-05'))).toEqual({ status: 400, code: 'OUTSIDE_WINDOW', fields: ['collectedAt'] });
      expectStatus(await record(inv['2w'].id, '2026-05-04'), 201);
    });
  });

  describe('staff entry: collectedAt must lie in the time point window', () => {
    const outside = { status: 400, code: 'OUTSIDE_WINDOW', fields: ['collectedAt'] };

    // [what, surgery, time point, refused collection days, the accepted day]. Every accepted entry needs
    // an invitation of its own: one answer completes it.
    it.each([
      // Surgery 2026-04-20: a baseline may be collected from 2026-01-20 (90 days before) to 2026-04-19.
      ['a baseline the day before surgery, not on the surgery day nor 91 days before', '2026-04-20', 'baseline', ['2026-04-20', '2026-01-19'], '2026-04-19'],
      ['a baseline exactly 90 days before surgery', '2026-04-20', 'baseline', [], '2026-01-20'],
      // Surgery 2026-05-20: the window runs 2026-02-19 to 2026-05-19, but 2026-05-05 has not happened yet.
      ['a baseline today, not tomorrow, though tomorrow is inside its window', '2026-05-20', 'baseline', ['2026-05-05'], '2026-05-04'],
      // Surgery 2026-04-01: the 2w is due 2026-04-15, so answers are taken 2026-04-08 to 2026-04-22.
      ['a 2w answer from 7 days before due, not 8', '2026-04-01', '2w', ['2026-04-07'], '2026-04-08'],
      ['a missed 2w answer on the last day of its window (due + 7), not the day after', '2026-04-01', '2w', ['2026-04-23'], '2026-04-22'],
      // Surgery 2026-04-27: the 2w window (2026-05-04 to 2026-05-18) opened today.
      ['an open 2w answer today, not tomorrow', '2026-04-27', '2w', ['2026-05-05'], '2026-05-04'],
    ] as const)('takes %s', async (_what, surgeryDate, timepoint, refused, accepted) => {
      const { inv } = await enroll(surgeryDate);
      const answers = timepoint === 'baseline' ? BASELINE_ANSWERS : POST_OP_ANSWERS;
      for (const collectedAt of refused) {
        expect({ collectedAt, ...refusal(await record(inv[timepoint].id, collectedAt, answers)) }).toEqual({ collectedAt, ...outside });
      }
      expectStatus(await record(inv[timepoint].id, accepted, answers), 201);
      const responses = await test.dataSource.query(
        `SELECT to_char(collected_at AT TIME ZONE 'America/New_York', 'YYYY-MM-DD') AS day FROM responses WHERE invitation_id = $1`,
        [inv[timepoint].id],
      );
      expect(responses).toEqual([{ day: accepted }]);
    });

    // A client that reads collectedAt back gets an instant, and may send one: its day in the clinic's
    // zone is what counts. Surgery 2026-04-01: the 2w window's last day is 2026-04-22 (New York, EDT).
    it('takes an instant with its offset by its day in the clinic time zone, at both ends of that day', async () => {
      const late = await enroll('2026-04-01');
      // 2026-04-23T03:30Z is 23:30 on 2026-04-22 in New York: the last day, taken and stored as sent.
      expectStatus(await record(late.inv['2w'].id, '2026-04-23T03:30:00Z'), 201);
      expect(await test.dataSource.query(`SELECT collected_at = '2026-04-23T03:30:00Z'::timestamptz AS exact FROM responses WHERE invitation_id = $1`, [late.inv['2w'].id])).toEqual([
        { exact: true },
      ]);
      // 2026-04-23T04:30Z is 00:30 on 2026-04-23 in New York: a day after the window, whatever UTC says.
      const after = await enroll('2026-04-01');
      expect(refusal(await record(after.inv['2w'].id, '2026-04-23T04:30:00Z'))).toEqual(outside);
      expect(refusal(await record(after.inv['2w'].id, '2026-04-22T23:30:00-05:00'))).toEqual(outside);
      expectStatus(await record(after.inv['2w'].id, '2026-04-08T00:10:00-04:00'), 201);
    });

    it('refuses a second entry on a completed invitation with 409 SURVEY_COMPLETED, whatever its date', async () => {
      const { inv } = await enroll('2026-04-20');
      expectStatus(await record(inv.baseline.id, '2026-04-19', BASELINE_ANSWERS), 201);
      for (const collectedAt of ['2026-04-18', '2026-04-25']) {
        expect(refusal(await record(inv.baseline.id, collectedAt, BASELINE_ANSWERS))).toEqual({ status: 409, code: 'SURVEY_COMPLETED', fields: [] });
      }
      expect(await test.dataSource.query(`SELECT count(*)::int AS n FROM responses WHERE invitation_id = $1`, [inv.baseline.id])).toEqual([{ n: 1 }]);
    });

    it('refuses a 6m answer collected at day 15 with OUTSIDE_WINDOW and records nothing', async () => {
      // Surgery 2026-04-19: today is day 15. A 6-month answer collected today is not a 6-month answer.
      const { inv } = await enroll('2026-04-19');
      expect(inv['6m'].actions).not.toContain('record_response');
      const refused = refusal(await record(inv['6m'].id, '2026-05-04'));
      expect(refused.status).toBe(400);
      expect(refused.code).toBe('OUTSIDE_WINDOW');
      expect(await test.dataSource.query(`SELECT id FROM responses WHERE invitation_id = $1`, [inv['6m'].id])).toEqual([]);
    });

    // Contract v1.1: a collectedAt outside the window is a 400 OUTSIDE_WINDOW naming the field, also
    // when the survey is not open yet (the date is checked before the lifecycle's "not open yet").
    it('answers an entry for a survey not open yet with 400 naming collectedAt, as the contract says', async () => {
      const { inv } = await enroll('2026-04-19');
      expect(refusal(await record(inv['6m'].id, '2026-05-04'))).toEqual(outside);
      // The same for a baseline collected today, 91 days before its surgery (its window opens tomorrow).
      const early = await enroll('2026-08-03');
      expect(refusal(await record(early.inv.baseline.id, '2026-05-04', BASELINE_ANSWERS))).toEqual(outside);
    });

    it('answers year 0000 and malformed dates with a 400 naming collectedAt, never a 500', async () => {
      const { inv } = await enroll('2026-04-01');
      for (const collectedAt of ['0000-01-01', '0001-01-01']) {
        const refused = refusal(await record(inv['2w'].id, collectedAt));
        expect({ collectedAt, status: refused.status, fields: refused.fields }).toEqual({ collectedAt, status: 400, fields: ['collectedAt'] });
        expect(['OUTSIDE_WINDOW', 'VALIDATION_FAILED']).toContain(refused.code);
      }
      for (const collectedAt of ['0000-00-00', '2026-04-31', '2026-04-10T12:00:00', '2026-04-10T24:30:00Z', '2026-04-31T12:00:00Z', '2026-04-10 12:00Z', 20260410, null]) {
        expect(refusal(await record(inv['2w'].id, collectedAt))).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['collectedAt'] });
      }
      const [row] = await test.dataSource.query(`SELECT status FROM invitations WHERE id = $1`, [inv['2w'].id]);
      expect(row.status).toBe('missed');
    });
  });

  describe('POST /invitations/:id/link: only while the invitation is open', () => {
    const link = (invitationId: string): Promise<HttpResult> => admin.post(`/api/invitations/${invitationId}/link`);
    const tokenOf = (url: string): string => url.split('/s/')[1];

    it('refuses a 6m link 30 days before surgery', async () => {
      const { inv } = await enroll('2026-06-03');
      expect(refusal(await link(inv['6m'].id))).toEqual({ status: 409, code: 'OUTSIDE_WINDOW', fields: [] });
    });

    it('refuses a 2w link 8 days before due and issues one 7 days before', async () => {
      // Surgery 2026-04-28: 2w due 2026-05-12, today is due - 8.
      const early = await enroll('2026-04-28');
      expect(refusal(await link(early.inv['2w'].id))).toEqual({ status: 409, code: 'OUTSIDE_WINDOW', fields: [] });
      // Surgery 2026-04-27: 2w due 2026-05-11, today is due - 7.
      const open = await enroll('2026-04-27');
      const issued = await link(open.inv['2w'].id);
      expectStatus(issued, 201);
      expect(issued.body).toEqual({ invitationId: open.inv['2w'].id, url: expect.stringMatching(/^http:\/\/stride\.test\/s\/[A-Za-z0-9_-]{43}$/), expiresAt: open.inv['2w'].closesAt, qrCodeSvg: expect.stringMatching(/^<svg [^]*<\/svg>\s*$/) });
      expectStatus(await new Api(test.baseUrl).get(`/api/public/surveys/${tokenOf(issued.body.url)}`), 200);
    });

    it('opens a follow-up link at the start of the clinic day 7 days before due, to the second', async () => {
      // Surgery 2026-04-28: the 2w opens on 2026-05-05 at 00:00 in New York.
      const { inv } = await enroll('2026-04-28');
      expect(inv['2w'].opensAt).toBe('2026-05-05T04:00:00.000Z');
      test.clock.set('2026-05-05T03:59:59Z');
      expect(refusal(await link(inv['2w'].id))).toEqual({ status: 409, code: 'OUTSIDE_WINDOW', fields: [] });
      test.clock.set('2026-05-05T04:00:00Z');
      expectStatus(await link(inv['2w'].id), 201);
    });

    it('issues a baseline link from 90 days before surgery, not 91', async () => {
      const far = await enroll('2026-08-03');
      expect(refusal(await link(far.inv.baseline.id))).toEqual({ status: 409, code: 'OUTSIDE_WINDOW', fields: [] });
      const near = await enroll('2026-08-02');
      expectStatus(await link(near.inv.baseline.id), 201);
    });

    it('refuses a link once the window has closed', async () => {
      // Surgery 2026-04-01: its baseline closed at surgery and its 2w on 2026-04-23.
      const { inv } = await enroll('2026-04-01');
      expect(refusal(await link(inv.baseline.id))).toEqual({ status: 409, code: 'OUTSIDE_WINDOW', fields: [] });
      expect(refusal(await link(inv['2w'].id))).toEqual({ status: 409, code: 'OUTSIDE_WINDOW', fields: [] });
    });

    it('refuses a link for a still pending invitation the moment its closesAt passes', async () => {
      const { inv } = await enroll('2026-04-27');
      test.clock.set(inv['2w'].closesAt);
      const [row] = await test.dataSource.query(`SELECT status FROM invitations WHERE id = $1`, [inv['2w'].id]);
      expect(row.status).toBe('pending');
      expect(refusal(await link(inv['2w'].id))).toEqual({ status: 409, code: 'OUTSIDE_WINDOW', fields: [] });
      test.clock.set(new Date(new Date(inv['2w'].closesAt).getTime() - 1000).toISOString());
      expectStatus(await link(inv['2w'].id), 201);
    });

    it('refuses a link for a cancelled surgery with SURGERY_CANCELLED', async () => {
      const { surgery, inv } = await enroll('2026-06-01');
      expectStatus(await admin.patch(`/api/surgeries/${surgery.id}`, { status: 'cancelled' }), 200);
      expect(refusal(await link(inv.baseline.id))).toEqual({ status: 409, code: 'SURGERY_CANCELLED', fields: [] });
    });

    it('refuses a link for a withdrawn patient with FOLLOW_UP_STOPPED, and closes the links already out', async () => {
      const { patientId, inv } = await enroll('2026-06-01');
      const issued = await link(inv.baseline.id);
      expectStatus(issued, 201);
      expectStatus(await admin.patch(`/api/patients/${patientId}/status`, { status: 'withdrawn' }), 200);
      expect(refusal(await link(inv.baseline.id))).toEqual({ status: 409, code: 'FOLLOW_UP_STOPPED', fields: [] });
      const old = await new Api(test.baseUrl).get(`/api/public/surveys/${tokenOf(issued.body.url)}`);
      expect(refusal(old)).toEqual({ status: 410, code: 'SURVEY_CLOSED', fields: [] });
    });

    it('answers an old link to a follow-up that is no longer open yet with 410 SURVEY_CLOSED', async () => {
      const { surgery, inv } = await enroll('2026-04-27');
      const issued = await link(inv['2w'].id);
      expectStatus(issued, 201);
      const patient = new Api(test.baseUrl);
      const token = tokenOf(issued.body.url);
      expectStatus(await patient.get(`/api/public/surveys/${token}`), 200);
      // The surgery moves to 2026-05-10: the 2w is now due 2026-05-24 and opens on 2026-05-17.
      expectStatus(await admin.patch(`/api/surgeries/${surgery.id}`, { surgeryDate: '2026-05-10' }), 200);
      expect(refusal(await patient.get(`/api/public/surveys/${token}`))).toEqual({ status: 410, code: 'SURVEY_CLOSED', fields: [] });
      const submit = await patient.post(`/api/public/surveys/${token}/responses`, { answers: POST_OP_ANSWERS });
      expect(refusal(submit)).toEqual({ status: 410, code: 'SURVEY_CLOSED', fields: [] });
      // It works again once the follow-up opens.
      test.clock.set('2026-05-17T16:00:00Z');
      expectStatus(await patient.get(`/api/public/surveys/${token}`), 200);
    });
  });

  describe('reschedule: answers must stay inside their new windows', () => {
    const preview = async (surgeryId: string, surgeryDate: string): Promise<ReschedulePreview> => {
      const response = await admin.post(`/api/surgeries/${surgeryId}/reschedule-preview`, { surgeryDate });
      expectStatus(response, 200);
      return response.body;
    };
    const effects = (p: ReschedulePreview): Record<string, string> => Object.fromEntries(p.changes.map((c) => [c.timepoint, c.effect]));

    it('refuses to move the surgery to or before a paper baseline, or more than 90 days after it', async () => {
      // Surgery 2026-05-20, paper baseline collected 2026-05-01.
      const { patientId, surgery, inv } = await enroll('2026-05-20');
      expectStatus(await record(inv.baseline.id, '2026-05-01', BASELINE_ANSWERS), 201);
      const before = await stored(surgery.id);

      for (const surgeryDate of ['2026-05-01', '2026-04-30', '2026-08-01']) {
        const p = await preview(surgery.id, surgeryDate);
        expect({ surgeryDate, allowed: p.allowed, baseline: effects(p)['baseline'] }).toEqual({ surgeryDate, allowed: false, baseline: 'answer_outside_window' });
        expect(p.changes.filter((c) => c.effect === 'answer_outside_window').map((c) => c.timepoint)).toEqual(['baseline']);
        const patched = await admin.patch(`/api/surgeries/${surgery.id}`, { surgeryDate });
        expect({ surgeryDate, ...refusal(patched) }).toEqual({ surgeryDate, status: 409, code: 'ANSWERS_OUTSIDE_NEW_WINDOWS', fields: ['invitations.baseline'] });
      }
      expect(await stored(surgery.id)).toEqual(before);
      expect((await surgeryOf(patientId, surgery.id)).surgeryDate).toBe('2026-05-20');

      // The day after the collection is fine: the answer is kept, and what was not sent moves.
      const allowed = await preview(surgery.id, '2026-05-02');
      expect(allowed.allowed).toBe(true);
      expect(effects(allowed)).toEqual({ baseline: 'answer_kept', '2w': 'moves', '6w': 'moves', '3m': 'moves', '6m': 'moves' });
      expect(await stored(surgery.id)).toEqual(before);
      const moved = await admin.patch(`/api/surgeries/${surgery.id}`, { surgeryDate: '2026-05-02' });
      expectStatus(moved, 200);
      const after = byTimepoint(moved.body.invitations);
      expect(after.baseline.status).toBe('completed');
      expect([after['2w'].status, after['2w'].dueAt, after['2w'].opensAt]).toEqual(['pending', '2026-05-16T13:00:00.000Z', '2026-05-09T04:00:00.000Z']);
      expect(allowed.changes.find((c) => c.timepoint === '2w')?.newDueAt).toBe(after['2w'].dueAt);
    });

    it('refuses a move that would leave a recorded 2w answer outside the new 2w window, listing it', async () => {
      // Surgery 2026-04-10: the 2w window is 2026-04-17 to 2026-05-01; the answer was collected 2026-04-25.
      const { patientId, surgery, inv } = await enroll('2026-04-10');
      expectStatus(await record(inv['2w'].id, '2026-04-25'), 201);
      const before = await stored(surgery.id);

      // Earlier (window 2026-04-08 to 2026-04-22) or later (2026-04-26 to 2026-05-10): the answer is stranded.
      for (const surgeryDate of ['2026-04-01', '2026-04-19']) {
        const p = await preview(surgery.id, surgeryDate);
        expect({ surgeryDate, allowed: p.allowed, '2w': effects(p)['2w'] }).toEqual({ surgeryDate, allowed: false, '2w': 'answer_outside_window' });
        const patched = await admin.patch(`/api/surgeries/${surgery.id}`, { surgeryDate });
        expect({ surgeryDate, ...refusal(patched) }).toEqual({ surgeryDate, status: 409, code: 'ANSWERS_OUTSIDE_NEW_WINDOWS', fields: ['invitations.2w'] });
        expect(patched.body.errors[0].message).toContain('2026-04-25');
      }
      expect(await stored(surgery.id)).toEqual(before);

      // 2026-04-05 keeps it (window 2026-04-12 to 2026-04-26) and moves the 6w from 2026-05-22 to 2026-05-17.
      const moved = await admin.patch(`/api/surgeries/${surgery.id}`, { surgeryDate: '2026-04-05' });
      expectStatus(moved, 200);
      const after = byTimepoint((await surgeryOf(patientId, surgery.id)).invitations);
      expect(after['2w'].status).toBe('completed');
      expect([after['6w'].status, after['6w'].dueAt]).toEqual(['pending', '2026-05-17T13:00:00.000Z']);
      expect(after['6m'].dueAt).toBe('2026-10-04T13:00:00.000Z');
    });

    it('previews a missed 2w opening again when the surgery moves later, and does it on PATCH', async () => {
      const { surgery, inv } = await enroll('2026-04-01');
      expect(inv['2w'].status).toBe('missed');
      const before = await stored(surgery.id);
      const p = await preview(surgery.id, '2026-04-25');
      expect(p.allowed).toBe(true);
      expect(p.changes.find((c) => c.timepoint === '2w')).toMatchObject({ effect: 'opens', status: 'missed', newStatus: 'pending', newDueAt: '2026-05-09T13:00:00.000Z' });
      expect(effects(p)['6w']).toBe('moves');
      expect(await stored(surgery.id)).toEqual(before);

      const moved = await admin.patch(`/api/surgeries/${surgery.id}`, { surgeryDate: '2026-04-25' });
      expectStatus(moved, 200);
      const twoWeeks = byTimepoint(moved.body.invitations)['2w'];
      expect([twoWeeks.status, twoWeeks.dueAt]).toEqual(['pending', '2026-05-09T13:00:00.000Z']);
      // Open since 2026-05-02, so a link and a paper answer are both possible now.
      expect(twoWeeks.actions).toEqual(['record_response', 'issue_link']);
    });

    it('previews a pending 2w closing when the surgery moves far earlier, and does it on PATCH', async () => {
      const { surgery, inv } = await enroll('2026-04-25');
      expect(inv['2w'].status).toBe('pending');
      const before = await stored(surgery.id);
      const p = await preview(surgery.id, '2026-04-01');
      expect(p.allowed).toBe(true);
      expect(p.changes.find((c) => c.timepoint === '2w')).toMatchObject({ effect: 'closes', status: 'pending', newStatus: 'missed' });
      expect(effects(p)['6w']).toBe('moves');
      expect(await stored(surgery.id)).toEqual(before);

      const moved = await admin.patch(`/api/surgeries/${surgery.id}`, { surgeryDate: '2026-04-01' });
      expectStatus(moved, 200);
      const after = byTimepoint(moved.body.invitations);
      expect(after['2w'].status).toBe('missed');
      expect(after['6w'].dueAt).toBe('2026-05-13T13:00:00.000Z');
    });

    it('refuses to reschedule a cancelled surgery, and the preview says so too', async () => {
      const { surgery } = await enroll('2026-06-01');
      expectStatus(await admin.patch(`/api/surgeries/${surgery.id}`, { status: 'cancelled' }), 200);
      const cancelled = { status: 409, code: 'SURGERY_CANCELLED', fields: [] };
      expect(refusal(await admin.patch(`/api/surgeries/${surgery.id}`, { surgeryDate: '2026-06-08' }))).toEqual(cancelled);
      expect(refusal(await admin.post(`/api/surgeries/${surgery.id}/reschedule-preview`, { surgeryDate: '2026-06-08' }))).toEqual(cancelled);
    });
  });

  describe('views carry stopReason, opensAt and the actions allowed now', () => {
    it('opens a baseline 90 days before surgery and a follow-up 7 days before due, at the start of the clinic day', async () => {
      const { surgery, inv } = await enroll('2026-06-01');
      expect(surgery.actions).toEqual(['reschedule', 'cancel']);
      expect(Object.values(inv).map((i) => [i.timepoint, i.opensAt, i.stopReason])).toEqual([
        ['baseline', '2026-03-03T05:00:00.000Z', null],
        ['2w', '2026-06-08T04:00:00.000Z', null],
        ['6w', '2026-07-06T04:00:00.000Z', null],
        ['3m', '2026-08-24T04:00:00.000Z', null],
        ['6m', '2026-11-23T05:00:00.000Z', null],
      ]);
      expect(Object.values(inv).map((i) => [i.timepoint, i.actions])).toEqual([
        ['baseline', ['record_response', 'issue_link']],
        ['2w', []],
        ['6w', []],
        ['3m', []],
        ['6m', []],
      ]);
    });

    it('offers only what the rules allow, and the link endpoint agrees with issue_link everywhere', async () => {
      const past = await enroll('2026-04-01'); // baseline and 2w missed; the 6w (due 2026-05-13) opens on 2026-05-06
      const open = await enroll('2026-04-27'); // 2w open since today
      expectStatus(await record(open.inv.baseline.id, '2026-04-20', BASELINE_ANSWERS), 201);
      const cancelled = await enroll('2026-06-01');
      expectStatus(await admin.patch(`/api/surgeries/${cancelled.surgery.id}`, { status: 'cancelled' }), 200);
      const withdrawn = await enroll('2026-06-01');
      expectStatus(await admin.patch(`/api/patients/${withdrawn.patientId}/status`, { status: 'withdrawn' }), 200);

      const views = await Promise.all([past, open, cancelled, withdrawn].map((e) => surgeryOf(e.patientId, e.surgery.id)));
      const summary = (s: SurgeryView): unknown => ({
        actions: s.actions,
        invitations: s.invitations.map((i) => [i.timepoint, i.status, i.stopReason, i.actions]),
      });
      expect(views.map(summary)).toEqual([
        {
          actions: ['reschedule', 'cancel'],
          invitations: [
            ['baseline', 'missed', null, ['record_response']],
            ['2w', 'missed', null, ['record_response']],
            ['6w', 'pending', null, []],
            ['3m', 'pending', null, []],
            ['6m', 'pending', null, []],
          ],
        },
        {
          actions: ['reschedule', 'cancel'],
          invitations: [
            ['baseline', 'completed', null, []],
            ['2w', 'pending', null, ['record_response', 'issue_link']],
            ['6w', 'pending', null, []],
            ['3m', 'pending', null, []],
            ['6m', 'pending', null, []],
          ],
        },
        {
          actions: [],
          invitations: ['baseline', '2w', '6w', '3m', '6m'].map((t) => [t, 'cancelled', 'surgery_cancelled', []]),
        },
        {
          actions: ['reschedule', 'cancel'],
          invitations: ['baseline', '2w', '6w', '3m', '6m'].map((t) => [t, 'cancelled', 'withdrawn', []]),
        },
      ]);

      for (const invitation of views.flatMap((s) => s.invitations)) {
        const issued = await admin.post(`/api/invitations/${invitation.id}/link`);
        const offered = invitation.actions.includes('issue_link');
        expect({ timepoint: invitation.timepoint, status: invitation.status, offered, issued: issued.status === 201 }).toEqual({
          timepoint: invitation.timepoint, status: invitation.status, offered, issued: offered,
        });
      }
    });

    it('offers resend for a failed send while the window is open and the patient reachable', async () => {
      const reachable = await enroll('2026-04-27');
      const unreachable = await enroll('2026-04-27', { email: undefined });
      for (const e of [reachable, unreachable]) {
        await test.dataSource.query(`UPDATE invitations SET status = 'failed', last_error = 'mailbox full' WHERE id = $1`, [e.inv['2w'].id]);
      }
      const reachableView = byTimepoint((await surgeryOf(reachable.patientId, reachable.surgery.id)).invitations)['2w'];
      const unreachableView = byTimepoint((await surgeryOf(unreachable.patientId, unreachable.surgery.id)).invitations)['2w'];
      expect(reachableView.actions).toEqual(['record_response', 'issue_link', 'resend']);
      expect(unreachableView.actions).toEqual(['record_response', 'issue_link']);
      expect(refusal(await admin.post(`/api/invitations/${unreachable.inv['2w'].id}/resend`))).toEqual({ status: 409, code: 'NO_CONTACT_DETAILS', fields: [] });

      // Past closesAt a failed send stays failed (it carries a reason for staff) but cannot be resent.
      test.clock.set('2026-05-19T16:00:00Z');
      const closed = byTimepoint((await surgeryOf(reachable.patientId, reachable.surgery.id)).invitations)['2w'];
      expect([closed.status, closed.actions]).toEqual(['failed', ['record_response']]);
      expect(refusal(await admin.post(`/api/invitations/${reachable.inv['2w'].id}/resend`))).toEqual({ status: 409, code: 'OUTSIDE_WINDOW', fields: [] });

      test.clock.set(NOW);
      const resent = await admin.post(`/api/invitations/${reachable.inv['2w'].id}/resend`);
      expectStatus(resent, 200);
      expect([resent.body.status, resent.body.stopReason, resent.body.actions]).toEqual(['pending', null, ['record_response', 'issue_link']]);
    });
  });

  describe('year 0000 anywhere a date is taken', () => {
    it('answers 400, never 500, on the cohort filters and the export', async () => {
      const researcher = (await signIn(test, 'researcher')).api;
      for (const path of [
        '/api/cohorts/summary?surgeryFrom=0000-01-01',
        '/api/cohorts/summary?surgeryTo=0000-12-31',
        '/api/cohorts/funnel?surgeryFrom=0000-01-01',
        '/api/exports/outcomes.csv?format=long&surgeryFrom=0000-01-01',
      ]) {
        const response = await researcher.get(path);
        expect({ path, status: response.status, code: response.body?.code }).toEqual({ path, status: 400, code: 'VALIDATION_FAILED' });
        expect({ path, fields: refusal(response).fields }).toEqual({ path, fields: [path.includes('surgeryTo') ? 'surgeryTo' : 'surgeryFrom'] });
      }
    });
  });
});
