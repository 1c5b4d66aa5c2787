import type { Browser } from 'playwright-core';
import { DateTime } from 'luxon';
import { launchChromium, screenshotPath } from './support/browser';
import { api, signInThroughPage } from './support/api';

/**
 * A coordinator works through the worklist: a patient with no email or phone on file waits there,
 * a call is logged in one click, the answers taken by phone are recorded in place, and an email
 * address is added on the patient page so the survey goes out by email.
 */
describe('worklist', () => {
  let browser: Browser;
  let adminToken: string;
  let surgeonId: string;
  // Surgery in a month: the baseline survey is due now.
  const surgeryDate = DateTime.now().setZone('America/New_York').plus({ days: 30 }).toISODate();

  beforeAll(async () => {
    browser = await launchChromium();
    adminToken = (await api('/api/auth/login', null, 'POST', { email: process.env['E2E_ADMIN_EMAIL'], password: process.env['E2E_ADMIN_PASSWORD'] }))
      .accessToken;
    ({ id: surgeonId } = await api('/api/users', adminToken, 'POST', {
      email: 'dr.worklist@e2e.test', password: 'e2e-surgeon-password', name: 'Dr. Wen Worklist', role: 'surgeon',
    }));
  });

  afterAll(() => browser?.close());

  async function enroll(mrn: string, givenName: string, contact: Record<string, string>): Promise<{ patientId: string; invitationId: string }> {
    const patient = await api('/api/patients', adminToken, 'POST', {
      mrn, givenName, familyName: 'Worklist', birthDate: '1950-07-08', language: 'en', surgeonId, ...contact,
    });
    const surgery = await api(`/api/patients/${patient.id}/surgeries`, adminToken, 'POST', { procedure: 'laminectomy', surgeryDate });
    return { patientId: patient.id, invitationId: surgery.invitations[0].id };
  }

  it('logs a call, records a phone answer, and adds an email so the survey is sent', async () => {
    const paper = await enroll('E2E-WL-1', 'Iris', { phone: '+15550107777' });
    await api(`/api/patients/${paper.patientId}`, adminToken, 'PATCH', { preferredChannel: 'paper' });
    // No address at enrolment: followed up on paper until he gives one.
    const typo = await enroll('E2E-WL-2', 'Jonas', {});
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInThroughPage(desk, process.env['E2E_ADMIN_EMAIL'] as string, process.env['E2E_ADMIN_PASSWORD'] as string);

    await desk.getByRole('link', { name: 'Worklist' }).click();
    const iris = desk.getByRole('listitem').filter({ has: desk.getByRole('heading', { name: /Iris Worklist/ }) });
    await iris.waitFor();
    expect(await iris.textContent()).toMatch(/No email or SMS.*\+15550107777/s);

    // One click logs the call.
    await iris.getByRole('button', { name: 'No answer' }).click();
    await desk.getByText('Call to Iris Worklist logged: no answer.').waitFor();
    await iris.getByText('1 call logged:').waitFor();
    await desk.screenshot({ path: screenshotPath('worklist-call-logged') });

    // The second call reaches her; her answers are taken by phone right there.
    await iris.getByRole('button', { name: 'Reached' }).click();
    await iris.getByText('2 calls logged:').waitFor();
    await iris.getByRole('button', { name: 'Record answers' }).click();
    expect(await iris.getByLabel('Collected by').inputValue()).toBe('phone');
    await iris.getByLabel('Leg pain (0–10)').selectOption('7');
    await iris.getByLabel('Back pain (0–10)').selectOption('4');
    await iris.getByLabel('Walking distance').selectOption({ index: 2 });
    await iris.getByRole('button', { name: 'Save response' }).click();
    await desk.getByText('The Baseline answers for Iris Worklist are saved.').waitFor();
    await iris.waitFor({ state: 'detached' });
    const answered = (await api(`/api/patients/${paper.patientId}`, adminToken)).surgeries[0];
    expect(answered.invitations[0].status).toBe('completed');
    expect(answered.scores[0]).toMatchObject({ mode: 'phone', answers: { legPain: 7, backPain: 4, walkingDistance: 1 } });

    // Jonas gave no address at enrolment; he has one now. Fixed on the patient page, the survey goes out by email.
    await desk.goto(`${process.env['E2E_BASE_URL']}/patients/${typo.patientId}`);
    await desk.getByText('Not sent: followed up by the clinic (on the worklist)').waitFor();
    await desk.getByRole('button', { name: 'Edit details' }).click();
    await desk.getByLabel('Email (empty: none)').fill('not an address');
    await desk.getByRole('button', { name: 'Save details' }).click();
    await desk.getByText('email must be an email address').waitFor();
    await desk.getByLabel('Email (empty: none)').fill('jonas@example.org');
    await desk.getByLabel('Follow-up by').selectOption('email');
    await desk.screenshot({ path: screenshotPath('patient-edit'), fullPage: true });
    await desk.setViewportSize({ width: 390, height: 844 });
    await desk.screenshot({ path: screenshotPath('patient-edit-phone'), fullPage: true });
    await desk.setViewportSize({ width: 1280, height: 900 });
    await desk.getByRole('button', { name: 'Save details' }).click();
    await desk.getByRole('button', { name: 'Edit details' }).waitFor();
    await desk.getByText('jonas@example.org').waitFor();
    await api('/api/admin/scheduler/run', adminToken, 'POST');
    const messages: { recipient: string; invitationId: string }[] = await api('/api/admin/messages', adminToken);
    expect(messages.filter((m) => m.invitationId === typo.invitationId).map((m) => m.recipient)).toEqual(['jonas@example.org']);
    await desk.close();
  });
});
