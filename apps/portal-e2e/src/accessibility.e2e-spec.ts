import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { launchChromium, screenshotPath } from './support/browser';
import { api, baseUrl, signInThroughPage } from './support/api';
import { expectAccessible, expectNoHorizontalOverflow, expectPhoneReady } from './support/accessibility';

/**
 * Every page and state of the portal and the patient survey, as it stands: axe finds no serious or
 * critical violation at desktop width and at 390 px, and nothing scrolls sideways on a phone; the
 * survey also at 320 px with text at 200%.
 */
describe('accessibility and phones', () => {
  let browser: Browser;
  let adminToken: string;
  let patientId: string;
  let surveyPath: string;
  const researcher = { email: 'researcher.a11y@e2e.test', password: 'e2e-researcher-password' };

  beforeAll(async () => {
    browser = await launchChromium();
    adminToken = (await api('/api/auth/login', null, 'POST', { email: process.env['E2E_ADMIN_EMAIL'], password: process.env['E2E_ADMIN_PASSWORD'] }))
      .accessToken;
    const { id: surgeonId } = await api('/api/users', adminToken, 'POST', {
      email: 'dr.a11y@e2e.test', password: 'e2e-surgeon-password', name: 'Dr. Amara Okonkwo-Villanueva', role: 'surgeon',
    });
    await api('/api/users', adminToken, 'POST', { ...researcher, name: 'Research Analyst', role: 'researcher' });
    const patient = await api('/api/patients', adminToken, 'POST', {
      mrn: 'E2E-A11Y-0001', givenName: 'Bartholomew', familyName: 'Featherstonehaugh-Montgomery', birthDate: '1951-03-02',
      email: 'bartholomew.featherstonehaugh@example.org', phone: '+15555550123', language: 'en', surgeonId,
    });
    patientId = patient.id;
    const today = DateTime.now().setZone('America/New_York');
    const surgery = await api(`/api/patients/${patient.id}/surgeries`, adminToken, 'POST', {
      procedure: 'laminectomy', surgeryDate: today.minus({ days: 15 }).toISODate(),
    });
    await api(`/api/invitations/${surgery.invitations[0].id}/responses`, adminToken, 'POST', {
      answers: { legPain: 7, backPain: 6, walkingDistance: 1 }, mode: 'paper', collectedAt: today.minus({ days: 20 }).toISODate(),
    });
    surveyPath = new URL((await api(`/api/invitations/${surgery.invitations[1].id}/link`, adminToken, 'POST')).url).pathname;
  });

  afterAll(() => browser?.close());

  /** Opens a page at desktop width, waits for its heading and data, checks it, then checks it on a phone. */
  const check = async (page: Page, path: string, name: string, ready?: (page: Page) => Promise<void>): Promise<void> => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(baseUrl + path);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    if (ready) await ready(page);
    await expectAccessible(page, name);
    await expectPhoneReady(page, name);
  };

  const signedIn = async (email: string, password: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInThroughPage(page, email, password);
    return { context, page };
  };

  it('the sign-in page, empty and after a failed sign-in', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await check(page, '/login', 'login');
    await page.getByLabel('Email').fill('nobody@e2e.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').first().waitFor();
    await expectAccessible(page, 'login failed');
    await expectNoHorizontalOverflow(page, 'login failed at 390 px');
    await context.close();
  });

  describe("an admin's pages", () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ context, page } = await signedIn(process.env['E2E_ADMIN_EMAIL'] as string, process.env['E2E_ADMIN_PASSWORD'] as string));
    });

    afterAll(() => context?.close());

    it('patients and a patient', async () => {
      await check(page, '/patients', 'patients', (p) => p.getByText('Featherstonehaugh-Montgomery').first().waitFor());
      await check(page, `/patients/${patientId}`, 'patient-detail', (p) => p.getByText(/2 weeks/i).first().waitFor());
    });

    it('enroll, empty and with its errors', async () => {
      await check(page, '/enroll', 'enroll');
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByRole('button', { name: /enroll/i }).last().click();
      await page.waitForTimeout(300);
      await expectAccessible(page, 'enroll with errors');
    });

    it('dashboard and its funnel tab', async () => {
      await check(page, '/dashboard', 'dashboard', (p) => p.getByRole('article').first().waitFor());
      await check(page, '/dashboard/funnel', 'funnel');
    });

    it('worklist and alerts', async () => {
      await check(page, '/worklist', 'worklist');
      await check(page, '/alerts', 'alerts');
    });

    it('messages and delivery problems', async () => {
      await check(page, '/messages', 'messages');
      await check(page, '/delivery', 'delivery-problems');
    });

    it('users, import and audit', async () => {
      await check(page, '/users', 'users', (p) => p.getByText('Research Analyst').first().waitFor());
      await check(page, '/import', 'import');
      await check(page, '/audit', 'audit');
    });

    it('export', async () => {
      await check(page, '/export', 'export');
    });
  });

  it("a researcher's export page", async () => {
    const { context, page } = await signedIn(researcher.email, researcher.password);
    await check(page, '/export', 'export-researcher');
    await context.close();
  });

  it('the survey, its opt-out page and the thank-you page on a phone, and the survey at 320 px with text at 200%', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await check(page, `${surveyPath}/opt-out`, 'opt-out');
    await check(page, surveyPath, 'survey', (p) => p.getByRole('group').first().waitFor());

    await page.setViewportSize({ width: 320, height: 640 });
    await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await expectNoHorizontalOverflow(page, 'survey at 320 px, text 200%');
    await page.screenshot({ path: screenshotPath('a11y-survey-320-text200'), fullPage: true });

    await page.reload();
    const groups = page.getByRole('group');
    await groups.first().waitFor();
    await groups.nth(0).getByRole('radio', { name: /^3\b/ }).check();
    await groups.nth(1).getByRole('radio', { name: /^2\b/ }).check();
    await groups.nth(2).getByRole('radio', { name: /1.*2 km/ }).check();
    await groups.nth(3).getByRole('radio', { name: /very satisfied/i }).check();
    await page.getByRole('button', { name: /submit|send/i }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    await expectAccessible(page, 'thank-you');
    await expectPhoneReady(page, 'thank-you');
    await context.close();
  });
});
