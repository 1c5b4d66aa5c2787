import type { Browser } from 'playwright-core';
import { DateTime } from 'luxon';
import { launchChromium, screenshotPath } from './support/browser';
import { api, baseUrl, signInThroughPage } from './support/api';

/**
 * A surgeon watches the dashboard while a patient answers the real survey page on a phone:
 * the 2-week card goes from no responses to one.
 */
describe('patient answers, surgeon sees it', () => {
  let browser: Browser;
  let adminToken: string;
  let surveyUrl: string;
  const surgeon = { email: 'dr.nakamura@e2e.test', password: 'e2e-surgeon-password' };

  beforeAll(async () => {
    browser = await launchChromium();
    adminToken = (await api('/api/auth/login', null, 'POST', { email: process.env['E2E_ADMIN_EMAIL'], password: process.env['E2E_ADMIN_PASSWORD'] }))
      .accessToken;
    const { id: surgeonId } = await api('/api/users', adminToken, 'POST', { ...surgeon, name: 'Dr. Kenji Nakamura', role: 'surgeon' });
    const patient = await api('/api/patients', adminToken, 'POST', {
      mrn: 'E2E-0001', givenName: 'Olivia', familyName: 'Brennan', birthDate: '1948-09-12', email: 'olivia@example.org', language: 'en', surgeonId,
    });
    const zone = 'America/New_York';
    const today = DateTime.now().setZone(zone);
    const surgery = await api(`/api/patients/${patient.id}/surgeries`, adminToken, 'POST', {
      procedure: 'laminectomy',
      surgeryDate: today.minus({ days: 15 }).toISODate(),
    });
    await api(`/api/invitations/${surgery.invitations[0].id}/responses`, adminToken, 'POST', {
      answers: { legPain: 8, backPain: 5, walkingDistance: 1 },
      mode: 'paper',
      collectedAt: today.minus({ days: 20 }).toISODate(),
    });
    // Before 09:00 clinic time on day 15 the 2-week survey is not due yet; an in-clinic link works at any time.
    // The other specs share this database, so the message must be this patient's, not merely the newest.
    const twoWeeksId = surgery.invitations[1].id;
    const run = await api('/api/admin/scheduler/run', adminToken, 'POST');
    const messages: { invitationId: string; link: string | null }[] = run.sent > 0 ? await api('/api/admin/messages', adminToken) : [];
    const sent = messages.find((message) => message.invitationId === twoWeeksId && message.link);
    surveyUrl = sent?.link ?? (await api(`/api/invitations/${twoWeeksId}/link`, adminToken, 'POST')).url;
  });

  afterAll(() => browser?.close());

  it('shows the sign-in page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.screenshot({ path: screenshotPath('login') });
    await page.close();
  });

  it('updates the surgeon dashboard when the patient submits through the survey page', async () => {
    const desk = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await signInThroughPage(desk, surgeon.email, surgeon.password);
    await desk.goto(`${baseUrl}/dashboard`);
    const twoWeeks = desk.getByRole('article', { name: /2 weeks/i });
    await twoWeeks.waitFor();
    expect(await twoWeeks.textContent()).toMatch(/0\s*responded/);

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(surveyUrl);
    await phone.getByRole('heading', { level: 1 }).waitFor();
    const groups = phone.getByRole('group');
    expect(await groups.count()).toBe(4); // leg pain, back pain, walking distance, satisfaction (post-op)
    await phone.screenshot({ path: screenshotPath('survey'), fullPage: true });

    await groups.nth(0).getByRole('radio', { name: /^3\b/ }).check();
    await groups.nth(1).getByRole('radio', { name: /^2\b/ }).check();
    await groups.nth(2).getByRole('radio', { name: /1.*2 km/ }).check();
    await groups.nth(3).getByRole('radio', { name: /very satisfied/i }).check();
    await phone.getByRole('button', { name: /submit|send/i }).click();
    await phone.getByRole('heading', { name: 'Thank you' }).waitFor();
    await phone.screenshot({ path: screenshotPath('survey-thanks') });

    await phone.goto(surveyUrl);
    await phone.getByText(/already/i).first().waitFor();

    await desk.reload();
    await twoWeeks.waitFor();
    const card = await twoWeeks.textContent();
    expect(card).toMatch(/1\s*responded/);
    expect(card).toMatch(/Success v2/);
    await desk.screenshot({ path: screenshotPath('dashboard-e2e'), fullPage: true });
    await Promise.all([desk.close(), phone.close()]);
  });

  it('answers an unknown link with a friendly page, not an error dump', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${baseUrl}/s/${'A'.repeat(43)}`);
    await phone.getByRole('heading', { level: 1 }).waitFor();
    const text = (await phone.textContent('body')) ?? '';
    expect(text).not.toMatch(/statusCode|Error:|stack|undefined/);
    await phone.screenshot({ path: screenshotPath('survey-unknown') });
    await phone.close();
  });
});
