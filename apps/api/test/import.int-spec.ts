import { signIn, startTestApp, TestApp } from './harness';
import { importPatients, parseCsv } from '../src/app/patients/patient-import';
import { PatientsService } from '../src/app/patients/patients.service';
import { SurgeriesService } from '../src/app/surgeries/surgeries.service';
import { UsersService } from '../src/app/users/users.service';
import type { Caller } from '../src/app/auth/caller';

describe(importPatients.name, () => {
  let test: TestApp;
  let caller: Caller;
  let surgeonEmail: string;

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-05-04T16:00:00Z' });
    const admin = (await signIn(test, 'admin')).user;
    caller = { id: admin.id, role: admin.role, name: admin.name };
    surgeonEmail = (await signIn(test, 'surgeon')).user.email;
  });

  afterAll(() => test?.close());

  const run = (csv: string, dryRun = false): ReturnType<typeof importPatients> => {
    const users = test.app.get(UsersService);
    return importPatients(csv, caller, {
      patients: test.app.get(PatientsService),
      surgeries: test.app.get(SurgeriesService),
      surgeonIdByEmail: async (email) => ((await users.findByEmail(email))?.role === 'surgeon' ? (await users.findByEmail(email))!.id : null),
    }, { dryRun });
  };

  it('parses quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,b\r\n"x, ""y""",z\n"multi\nline",w\n')).toEqual([['a', 'b'], ['x, "y"', 'z'], ['multi\nline', 'w']]);
  });

  it('enrolls good rows with their five invitations and reports bad ones by line and field', async () => {
    const csv = [
      'mrn,given_name,family_name,birth_date,email,phone,language,surgeon_email,procedure,surgery_date',
      `IMP-1,"María José","de la Cruz, Jr.",1948-03-02,mj@example.org,,es,${surgeonEmail},laminectomy,2026-06-10`,
      `IMP-2,Tom,Reed,1950-02-30,tom@example.org,,en,${surgeonEmail},laminectomy,2026-06-11`,
      `IMP-3,Ann,Lee,1951-01-01,ann@example.org,,en,nobody@clinic.test,laminectomy,2026-06-12`,
      `IMP-1,Dup,Licate,1951-01-01,dup@example.org,,en,${surgeonEmail},other,2026-06-12`,
    ].join('\n');
    expect(await run(csv, true)).toMatchObject({ imported: 2 });
    expect(await test.dataSource.query(`SELECT 1 FROM patients WHERE mrn LIKE 'IMP-%'`)).toHaveLength(0);

    const report = await run(csv);
    expect(report.imported).toBe(1);
    expect(report.problems).toEqual([
      'line 3: birthDate must be a date written YYYY-MM-DD',
      'line 4: no surgeon with the email nobody@clinic.test',
      'line 5: A patient with this MRN is already enrolled',
    ]);
    const [patient] = await test.dataSource.query(`SELECT id, family_name, language FROM patients WHERE mrn = 'IMP-1'`);
    expect(patient).toMatchObject({ family_name: 'de la Cruz, Jr.', language: 'es' });
    const invitations = await test.dataSource.query(
      `SELECT i.timepoint FROM invitations i JOIN surgeries s ON s.id = i.surgery_id WHERE s.patient_id = $1`,
      [patient.id],
    );
    expect(invitations).toHaveLength(5);
  });

  it('refuses a file without the expected columns', async () => {
    expect((await run('mrn,name\nX,Y')).problems[0]).toMatch(/missing: given_name, family_name/);
  });
});
