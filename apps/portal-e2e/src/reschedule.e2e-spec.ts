import type { Browser } from 'playwright-core';
import { DateTime } from 'luxon';
import { launchChromium, screenshotPath } from './support/browser';
import { api, baseUrl, signInThroughPage } from './support/api';

/**
 * A surgery date change shows what it will do before it is saved (issue #7): which surveys move,
 * and a date that would leave a recorded answer outside its time point cannot be saved.
 */
describe('changing a surgery date', () => {
  let browser: Browser;
  let adminToken: string;
  const zone = 'America/New_York';
  const today = DateTime.now().setZone(zone).startOf('day');
  const iso = (d: DateTime): string => d.toISODate() as string;

  beforeAll(async () => {
    browser = await launchChromium();
    adminToken = (await api('/api/auth/login', null, 'POST', { email: process.env['E2E_ADMIN_EMAIL'], password: process.env['E2E_ADMIN_PASSWORD'] }))
      .accessToken;
  });

  afterAll(() => browser?.close());

  it('previews the change, saves an allowed one and blocks one that would strand the baseline', async () => {
    const { id: surgeonId } = await api('/api/users', adminToken, 'POST', {
      email: 'dr.moves@e2e.test', password: 'e2e-surgeon-password', name: 'Dr. Ines Moves', role: 'surgeon',
    });
    const patient = await api('/api/patients', adminToken, 'POST', {
      mrn: 'E2E-MOVE-1', givenName: 'Hugo', familyName: 'Moves', birthDate: '1950-06-01', email: 'hugo@example.org', language: 'en', surgeonId,
    });
    const surgery = await api(`/api/patients/${patient.id}/surgeries`, adminToken, 'POST', {
      procedure: 'laminectomy', surgeryDate: iso(today.plus({ days: 20 })),
    });
    // A paper baseline collected two days ago.
    await api(`/api/invitations/${surgery.invitations[0].id}/responses`, adminToken, 'POST', {
      answers: { legPain: 7, backPain: 5, walkingDistance: 1 }, mode: 'paper', collectedAt: iso(today.minus({ days: 2 })),
    });

    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInThroughPage(page, process.env['E2E_ADMIN_EMAIL'] as string, process.env['E2E_ADMIN_PASSWORD'] as string);
    await page.goto(`${baseUrl}/patients/${patient.id}`);
    await page.getByRole('button', { name: 'Change date' }).click();
    const dateInput = page.getByLabel('New surgery date');

    // Two weeks later: every follow-up moves, the baseline answer stays valid.
    await dateInput.fill(iso(today.plus({ days: 34 })));
    const preview = page.locator('table', { hasText: 'If the surgery moves to' });
    await preview.waitFor();
    await page.getByRole('row', { name: /2 weeks Moves/ }).waitFor();
    await page.getByRole('row', { name: /Baseline Answer stays valid/ }).waitFor();
    await page.screenshot({ path: screenshotPath('reschedule-preview'), fullPage: true });

    // Moved before the baseline was collected: the answer would be stranded, and nothing can be saved.
    await dateInput.fill(iso(today.minus({ days: 2 })));
    await page.getByRole('row', { name: /Baseline Blocks the change/ }).waitFor();
    await page.getByText('cannot be saved').waitFor();
    expect(await page.getByRole('button', { name: 'Save new date' }).isDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('reschedule-blocked'), fullPage: true });

    // Back to the allowed date, and save.
    await dateInput.fill(iso(today.plus({ days: 34 })));
    await page.getByRole('row', { name: /2 weeks Moves/ }).waitFor();
    await page.getByRole('button', { name: 'Save new date' }).click();
    await page.getByText(/Surgery date changed to/).waitFor();
    const after = await api(`/api/patients/${patient.id}`, adminToken);
    expect(after.surgeries[0].surgeryDate).toBe(iso(today.plus({ days: 34 })));
    await page.close();
  });
});
