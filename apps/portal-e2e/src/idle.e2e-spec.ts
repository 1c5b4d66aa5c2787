import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { api, baseUrl, signInThroughPage } from './support/api';

/** A workstation left open: after PORTAL_IDLE_MINUTES (30 by default) without use, the portal signs out. */
describe('idle sign-out', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(() => browser?.close());

  it('keeps a user who is working, signs out one who left for the limit, and ends the session on the server', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The page's own clock, moved on by hand: half an hour passes in a moment.
    await page.clock.install();
    await signInThroughPage(page, process.env['E2E_ADMIN_EMAIL'] as string, process.env['E2E_ADMIN_PASSWORD'] as string);
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('stride.session') ?? '{}').accessToken as string);
    const { idleTimeoutMinutes } = await api('/api/settings', token);
    expect(idleTimeoutMinutes).toBe(30);

    await page.clock.fastForward('20:00');
    await page.mouse.click(5, 300); // someone is at the desk
    await page.clock.fastForward('20:00');
    await page.waitForTimeout(1000); // a sign-out, had there been one, would have navigated by now
    expect(new URL(page.url()).pathname).not.toBe('/login');

    await page.clock.fastForward('31:00');
    await page.getByText('You were signed out because the portal was not used for a while').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    const refused = await fetch(`${baseUrl}/api/settings`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(401);
    await page.close();
  });
});
