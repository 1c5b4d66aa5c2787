import type { Browser } from 'playwright-core';
import { DateTime } from 'luxon';
import { launchChromium, screenshotPath } from './support/browser';
import { api, baseUrl, signInThroughPage } from './support/api';

/**
 * Survey delivery a clinic can trust: a patient stops the surveys from the link in their message
 * (and merely opening that link stops nothing), and a coordinator sees and resends a failed send.
 */
describe('survey delivery', () => {
  let browser: Browser;
  let adminToken: string;
  let surgeonId: string;
  // Surgery in a month: the baseline survey is open now.
  const surgeryDate = DateTime.now().setZone('America/New_York').plus({ days: 30 }).toISODate();

  async function enroll(mrn: string, givenName: string, contact: { email?: string }): Promise<{ patientId: string; invitationId: string }> {
    const patient = await api('/api/patients', adminToken, 'POST', {
      mrn, givenName, familyName: 'Delivery', birthDate: '1952-03-04', language: 'en', surgeonId, ...contact,
    });
    const surgery = await api(`/api/patients/${patient.id}/surgeries`, adminToken, 'POST', { procedure: 'laminectomy', surgeryDate });
    return { patientId: patient.id, invitationId: surgery.invitations[0].id };
  }

  beforeAll(async () => {
    browser = await launchChromium();
    adminToken = (await api('/api/auth/login', null, 'POST', { email: process.env['E2E_ADMIN_EMAIL'], password: process.env['E2E_ADMIN_PASSWORD'] }))
      .accessToken;
    ({ id: surgeonId } = await api('/api/users', adminToken, 'POST', {
      email: 'dr.delivery@e2e.test', password: 'e2e-surgeon-password', name: 'Dr. Ana Delivery', role: 'surgeon',
    }));
  });

  afterAll(() => browser?.close());

  it('stops every survey when the patient presses the opt-out button, and not before', async () => {
    const { patientId, invitationId } = await enroll('E2E-OPT-1', 'Grace', { email: 'grace@example.org' });
    const { url } = await api(`/api/invitations/${invitationId}/link`, adminToken, 'POST');

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(`${url}/opt-out`);
    const stop = phone.getByRole('button', { name: 'Stop sending me surveys' });
    await stop.waitFor();
    // Mail scanners open links: opening the page must change nothing.
    expect((await api(`/api/patients/${patientId}`, adminToken)).status).toBe('active');

    await stop.click();
    await phone.getByRole('heading', { name: 'You will not receive any more surveys' }).waitFor();
    await phone.screenshot({ path: screenshotPath('opt-out-done') });
    const after = await api(`/api/patients/${patientId}`, adminToken);
    expect(after.status).toBe('opted_out');
    expect(after.surgeries[0].invitations.map((inv: { status: string }) => inv.status)).toEqual(Array(5).fill('cancelled'));

    await phone.goto(url);
    // Not "the time has passed": the page says they opted out and how to re-join.
    await phone.getByRole('heading', { name: 'You have opted out of these surveys' }).waitFor();

    await phone.goto(`${baseUrl}/s/${'C'.repeat(43)}/opt-out`);
    await phone.getByRole('heading', { name: 'We could not find this survey' }).waitFor();
    await phone.close();
  });

  it('follows up a patient with neither email nor phone on paper: nothing fails, the survey waits on the worklist', async () => {
    const { patientId } = await enroll('E2E-OPT-2', 'Harold', {});
    await api('/api/admin/scheduler/run', adminToken, 'POST');
    const patient = await api(`/api/patients/${patientId}`, adminToken);
    expect([patient.preferredChannel, patient.surgeries[0].invitations[0].status]).toEqual(['paper', 'pending']);

    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInThroughPage(desk, process.env['E2E_ADMIN_EMAIL'] as string, process.env['E2E_ADMIN_PASSWORD'] as string);
    await desk.getByRole('link', { name: 'Worklist' }).click();
    const card = desk.getByRole('listitem').filter({ has: desk.getByRole('heading', { name: /Harold Delivery/ }) });
    await card.waitFor();
    expect(await card.textContent()).toMatch(/No email or SMS/);
    await desk.close();
  });
});
