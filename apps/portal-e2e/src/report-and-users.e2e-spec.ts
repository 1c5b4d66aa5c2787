import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { launchChromium, screenshotPath } from './support/browser';
import { api, baseUrl, signInThroughPage } from './support/api';

/**
 * Issue #11: a surgeon downloads the dashboard's PDF report for their current filters; an admin
 * sets a new password for that surgeon on the Users page, which signs the surgeon out at once.
 */
describe('PDF report download and password reset', () => {
  let browser: Browser;
  let adminToken: string;
  const surgeon = { email: 'dr.report@e2e.test', password: 'e2e-report-surgeon-pw', name: 'Dr. Nora Report' };

  beforeAll(async () => {
    browser = await launchChromium();
    adminToken = (await api('/api/auth/login', null, 'POST', { email: process.env['E2E_ADMIN_EMAIL'], password: process.env['E2E_ADMIN_PASSWORD'] })).accessToken;
    await api('/api/users', adminToken, 'POST', { ...surgeon, role: 'surgeon' });
  });

  afterAll(() => browser?.close());

  it('a surgeon downloads the PDF with the filters on screen; an admin resets their password and their session ends', async () => {
    const surgeonContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const desk = await surgeonContext.newPage();
    await signInThroughPage(desk, surgeon.email, surgeon.password);
    await desk.goto(`${baseUrl}/dashboard?procedure=laminectomy`);
    const button = desk.getByRole('button', { name: 'Download PDF' });
    await button.waitFor();
    const requested = desk.waitForRequest((request) => request.url().includes('/api/reports/outcomes.pdf'));
    const [download] = await Promise.all([desk.waitForEvent('download'), button.click()]);
    // The dashboard's filters travel with the request; the file is named by date only.
    expect(new URL((await requested).url()).searchParams.get('procedure')).toBe('laminectomy');
    expect(download.suggestedFilename()).toMatch(/^stride-outcomes-report-\d{4}-\d{2}-\d{2}\.pdf$/);
    const bytes = readFileSync((await download.path()) as string);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // An empty cohort still gets its three pages (pdfkit writes no object streams, so pages can be counted).
    expect(bytes.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(3);

    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = await adminContext.newPage();
    await signInThroughPage(admin, process.env['E2E_ADMIN_EMAIL'] as string, process.env['E2E_ADMIN_PASSWORD'] as string);
    await admin.goto(`${baseUrl}/users`);
    await admin.getByRole('button', { name: `Reset the password of ${surgeon.name}` }).click();
    const field = admin.getByLabel('New password', { exact: true });
    await field.fill('aaaaaaaaaaaa');
    await admin.getByRole('button', { name: 'Set password' }).click();
    await admin.getByText('password must use at least 5 different characters').waitFor();
    await field.fill('quartz-lantern-2718');
    await admin.getByRole('button', { name: 'Set password' }).click();
    await admin.getByText(`${surgeon.name}'s password is changed, and they have been signed out everywhere.`).waitFor();
    await admin.screenshot({ path: screenshotPath('users-password-reset') });

    // The surgeon's open page is signed out at its next request; the old password no longer works.
    await desk.reload();
    await desk.waitForURL((url) => url.pathname.startsWith('/login'));
    const old = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: surgeon.email, password: surgeon.password }) });
    expect(old.status).toBe(401);
    await signInThroughPage(desk, surgeon.email, 'quartz-lantern-2718');
    expect(new URL(desk.url()).pathname).not.toBe('/login');
    await surgeonContext.close();
    await adminContext.close();
  });
});
