import { Api, signIn, startTestApp, TestApp } from './harness';
import { PatientImportService } from '../src/app/patients/patient-import.service';
import { SurgeriesService } from '../src/app/surgeries/surgeries.service';
import { ImplausibleDateError, ValidationFailedError } from '../src/app/common/domain-errors';
import type { Caller } from '../src/app/auth/caller';
import type { PatientImportReport } from '@stride/contracts';

const HEADER = 'mrn,given_name,family_name,birth_date,email,phone,language,surgeon_email,procedure,surgery_date';

describe(PatientImportService.name, () => {
  let test: TestApp;
  let caller: Caller;
  let adminApi: Api;
  let surgeonApi: Api;
  let surgeonEmail: string;
  let sut: PatientImportService;

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-05-04T16:00:00Z' });
    const admin = await signIn(test, 'admin');
    adminApi = admin.api;
    caller = { id: admin.user.id, role: admin.user.role, name: admin.user.name };
    const surgeon = await signIn(test, 'surgeon');
    surgeonEmail = surgeon.user.email;
    surgeonApi = surgeon.api;
    sut = test.app.get(PatientImportService);
  });

  afterAll(() => test?.close());

  const row = (mrn: string, overrides: Partial<Record<'birth' | 'surgeon' | 'date' | 'given' | 'family', string>> = {}): string =>
    `${mrn},${overrides.given ?? 'Ann'},${overrides.family ?? 'Lee'},${overrides.birth ?? '1950-01-01'},${mrn.toLowerCase()}@example.org,,en,${overrides.surgeon ?? surgeonEmail},laminectomy,${overrides.date ?? '2026-06-10'}`;
  const file = (...lines: string[]): Buffer => Buffer.from([HEADER, ...lines].join('\n') + '\n', 'utf8');
  const run = (bytes: Buffer, dryRun: boolean): Promise<PatientImportReport> => sut.run(caller, bytes, { dryRun });
  const stored = async (prefix: string): Promise<string[]> =>
    ((await test.dataSource.query(`SELECT mrn FROM patients WHERE mrn LIKE $1 ORDER BY mrn`, [`${prefix}%`])) as { mrn: string }[]).map((r) => r.mrn);
  const fileErrors = async (bytes: Buffer): Promise<string[]> => {
    const error = await run(bytes, false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailedError);
    return (error as ValidationFailedError).errors?.map((e) => `${e.field}: ${e.message}`) ?? [];
  };

  it('imports good rows with their five invitations and reports every bad one by line and column; the dry run said the same', async () => {
    const bytes = file(
      `IMP-1,"María José","de la Cruz, Jr.",1948-03-02,mj@example.org,,es,${surgeonEmail},laminectomy,2026-06-10`,
      row('IMP-2', { birth: '1950-02-30' }),
      row('IMP-3', { surgeon: 'nobody@clinic.test' }),
      // Valid to the DTO, implausible to the rules: the old dry run counted it, the real run refused it.
      row('IMP-4', { date: '2031-06-10' }),
      row('IMP-5', { birth: '2015-01-01' }),
      // A quoted line break is read as RFC 4180 says (one row on lines 7-8), then refused: no name holds one.
      `IMP-6,"Multi\nLine",Reed,1950-01-01,,,en,${surgeonEmail},other,2026-06-12`,
      row('IMP-7'),
    );
    const dry = await run(bytes, true);
    expect(await stored('IMP-')).toEqual([]);
    const real = await run(bytes, false);
    expect(real.rows.map(({ patientId: _patientId, ...rest }) => rest)).toEqual(dry.rows);
    expect(real.rows.filter((r) => r.status === 'accepted').every((r) => typeof r.patientId === 'string')).toBe(true);
    expect({ accepted: real.accepted, refused: real.refused, dryAccepted: dry.accepted }).toEqual({ accepted: 2, refused: 5, dryAccepted: 2 });
    expect(real.rows.map((r) => [r.line, r.mrn, r.status, r.errors.map((e) => e.field)])).toEqual([
      [2, 'IMP-1', 'accepted', []],
      [3, 'IMP-2', 'refused', ['birth_date']],
      [4, 'IMP-3', 'refused', ['surgeon_email']],
      [5, 'IMP-4', 'refused', ['surgery_date']],
      [6, 'IMP-5', 'refused', ['birth_date']],
      [7, 'IMP-6', 'refused', ['given_name']],
      [9, 'IMP-7', 'accepted', []],
    ]);
    expect(real.rows[0].name).toBe('María José de la Cruz, Jr.');
    expect(real.rows[5].errors[0].message).toBe('given_name holds a control character (Multi\\u{a}Line)');
    expect(await stored('IMP-')).toEqual(['IMP-1', 'IMP-7']);
    const invitations = await test.dataSource.query(
      `SELECT count(*)::int AS n FROM invitations i JOIN surgeries s ON s.id = i.surgery_id WHERE s.patient_id = $1`,
      [real.rows[0].patientId],
    );
    expect(invitations[0].n).toBe(5);
  });

  it('catches the same MRN twice in one file in the dry run, and an MRN already enrolled', async () => {
    await run(file(row('DUP-0')), false);
    const report = await run(file(row('DUP-1'), row('DUP-2'), row('DUP-1', { given: 'Other' }), row('DUP-0')), true);
    expect(report.rows.map((r) => [r.line, r.status, r.errors.map((e) => e.message)])).toEqual([
      [2, 'refused', ['the MRN DUP-1 is also on line 4; each patient once per file']],
      [3, 'accepted', []],
      [4, 'refused', ['the MRN DUP-1 is also on line 2; each patient once per file']],
      [5, 'refused', ['A patient with this MRN is already enrolled']],
    ]);
    expect(await stored('DUP-')).toEqual(['DUP-0']);
  });

  it('refuses an unterminated quote with its line, instead of swallowing the rows after it', async () => {
    const errors = await fileErrors(file(row('Q-1'), `Q-2,"Ann,Lee,1950-01-01,,,en,${surgeonEmail},laminectomy,2026-06-10`, row('Q-3'), row('Q-4')));
    expect(errors).toEqual([expect.stringMatching(/^file: line 3: a quoted field opened here is never closed/)]);
    expect(await stored('Q-')).toEqual([]);
  });

  it('refuses a stray quote inside an unquoted field', async () => {
    expect(await fileErrors(file(row('SQ-1', { given: 'An"n' })))).toEqual([expect.stringMatching(/^file: line 2: a quote \(".*inside a field/)]);
  });

  it('refuses a duplicate, unknown or missing column', async () => {
    expect(await fileErrors(Buffer.from(`${HEADER},MRN\n${row('H-1')},H-1\n`))).toEqual([
      expect.stringMatching(/^file: line 1: the column "mrn" appears twice \(columns 1 and 11\)/),
    ]);
    expect(await fileErrors(Buffer.from(`${HEADER},surgery_dat\n${row('H-2')},x\n`))).toEqual([expect.stringMatching(/unknown column "surgery_dat"/)]);
    expect(await fileErrors(Buffer.from('mrn,name\nX,Y\n'))).toEqual([
      expect.stringMatching(/unknown column "name"/),
      expect.stringMatching(/missing: given_name, family_name, birth_date/),
    ]);
    expect(await stored('H-')).toEqual([]);
  });

  it('drops a UTF-8 byte order mark and reads CRLF line ends', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([HEADER, row('BOM-1')].join('\r\n') + '\r\n')]);
    const report = await run(bytes, false);
    expect(report.rows).toEqual([expect.objectContaining({ line: 2, mrn: 'BOM-1', status: 'accepted' })]);
  });

  it('refuses Latin-1 (Excel "CSV") with the line of the first byte that is not UTF-8, and imports nothing', async () => {
    const latin1 = Buffer.from([HEADER, row('L1-1'), row('L1-2', { given: 'María' })].join('\n') + '\n', 'latin1');
    expect(await fileErrors(latin1)).toEqual([expect.stringMatching(/^file: line 3: the file is not UTF-8 .*Save it as "CSV UTF-8/)]);
    expect(await fileErrors(Buffer.from([0xff, 0xfe, 0x6d, 0x00]))).toEqual([expect.stringMatching(/UTF-16/)]);
    expect(await fileErrors(Buffer.from(''))).toEqual(['file: The file is empty']);
    expect(await stored('L1-')).toEqual([]);
  });

  it('never echoes terminal escapes: the row is refused and shown with the escape written out', async () => {
    const report = await run(file(row('ESC-1', { family: 'Lee\u001b[2J\u001b]0;owned\u0007' }), row('ESC-2', { given: 'Ann\u202e' })), true);
    expect(report.rows.map((r) => r.status)).toEqual(['refused', 'refused']);
    expect(report.rows[0].name).toBe('Ann Lee\\u{1b}[2J\\u{1b}]0;owned\\u{7}');
    expect(report.rows[0].errors).toEqual([{ field: 'family_name', message: 'family_name holds a control character (Lee\\u{1b}[2J\\u{1b}]0;owned\\u{7})' }]);
    expect(JSON.stringify(report)).not.toMatch(/[\u0000-\u001f\u202e]/); // eslint-disable-line no-control-regex
  });

  it('refuses a row whose field count disagrees with the header', async () => {
    const report = await run(file(`${row('FC-1')},extra`, 'FC-2,Ann'), true);
    expect(report.rows.map((r) => r.errors[0])).toEqual([
      { field: 'row', message: 'this row has 11 fields; the header has 10' },
      { field: 'row', message: 'this row has 2 fields; the header has 10' },
    ]);
  });

  it('writes a patient and its surgery as one: when the surgery is refused, no patient is left behind', async () => {
    const surgeries = test.app.get(SurgeriesService);
    const insert = surgeries.insert.bind(surgeries);
    const spy = jest.spyOn(surgeries, 'insert').mockImplementation(async (manager, who, patient, request) => {
      if (patient.mrn === 'TX-2') throw new ImplausibleDateError([{ field: 'surgeryDate', message: 'refused after the check, as a race would' }]);
      return insert(manager, who, patient, request);
    });
    try {
      const report = await run(file(row('TX-1'), row('TX-2'), row('TX-3')), false);
      expect(report.rows.map((r) => [r.mrn, r.status])).toEqual([['TX-1', 'accepted'], ['TX-2', 'refused'], ['TX-3', 'accepted']]);
      expect(report.rows[1].errors).toEqual([{ field: 'surgery_date', message: 'refused after the check, as a race would' }]);
    } finally {
      spy.mockRestore();
    }
    expect(await stored('TX-')).toEqual(['TX-1', 'TX-3']);
    const audit = await test.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'patient.create' AND entity_id IN (SELECT id::text FROM patients WHERE mrn LIKE 'TX-%')`);
    expect(audit[0].n).toBe(2);
  });

  describe('POST /api/patients/import', () => {
    const post = (api: Api | null, body: string | Buffer, query = '', contentType = 'text/csv'): Promise<Response> =>
      fetch(`${test.baseUrl}/api/patients/import${query}`, {
        method: 'POST',
        headers: { 'content-type': contentType, ...(api?.token ? { authorization: `Bearer ${api.token}` } : {}) },
        body,
      });

    it('is a dry run unless dryRun=false, and then imports what the dry run listed', async () => {
      const bytes = file(row('HTTP-1'), row('HTTP-2', { birth: '1950-13-01' }));
      const dry = await post(adminApi, bytes);
      expect(dry.status).toBe(200);
      const preview = (await dry.json()) as PatientImportReport;
      expect(preview).toMatchObject({ dryRun: true, accepted: 1, refused: 1 });
      expect(await stored('HTTP-')).toEqual([]);
      const real = (await (await post(adminApi, bytes, '?dryRun=false')).json()) as PatientImportReport;
      expect(real.rows.map(({ patientId: _patientId, ...rest }) => rest)).toEqual(preview.rows);
      expect(await stored('HTTP-')).toEqual(['HTTP-1']);
    });

    it('is for admins only, takes text/csv only, and says what is wrong with the file', async () => {
      expect((await post(surgeonApi, file(row('HTTP-3')))).status).toBe(403);
      expect((await post(null, file(row('HTTP-3')))).status).toBe(401);
      const json = await post(adminApi, JSON.stringify({ csv: 'x' }), '', 'application/json');
      expect(json.status).toBe(400);
      expect(await json.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'file' }] });
      const bad = await post(adminApi, Buffer.from(`${HEADER},mrn\n`));
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'file', message: expect.stringMatching(/appears twice/) }] });
      expect((await post(adminApi, file(row('HTTP-3')), '?dryRun=maybe')).status).toBe(400);
      const huge = await post(adminApi, Buffer.alloc(3 * 1024 * 1024, 0x61));
      expect(huge.status).toBe(413);
      expect(await stored('HTTP-3')).toEqual([]);
    });
  });
});
