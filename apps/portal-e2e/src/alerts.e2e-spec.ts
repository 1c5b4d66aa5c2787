import type { Browser } from 'playwright-core';
import { DateTime } from 'luxon';
import { launchChromium, screenshotPath } from './support/browser';
import { api, baseUrl, signInThroughPage } from './support/api';

/** A surgeon sees an alert raised by a patient's bad answer, and acknowledges it. */
describe('alerts', () => {
  let browser: Browser;
  let adminToken: string;
  const surgeon = { email: 'dr.alerts@e2e.test', password: 'e2e-surgeon-password', name: 'Dr. Noor Alerts' };
  const day = (days: number): string => DateTime.now().setZone('America/New_York').plus({ days }).toISODate() as string;

  beforeAll(async () => {
    browser = await launchChromium();
    adminToken = (await api('/api/auth/login', null, 'POST', { email: process.env['E2E_ADMIN_EMAIL'], password: process.env['E2E_ADMIN_PASSWORD'] }))
      .accessToken;
  });

  afterAll(() => browser?.close());

  it('a surgeon acknowledges an alert from the alerts page, and the nav count goes down', async () => {
    const { id: surgeonId } = await api('/api/users', adminToken, 'POST', { ...surgeon, role: 'surgeon' });
    const patient = await api('/api/patients', adminToken, 'POST', {
      mrn: 'E2E-ALERT-1', givenName: 'Hana', familyName: 'Okada', birthDate: '1950-05-06', email: 'hana@example.org', language: 'en', surgeonId,
    });
    // Surgery 15 days ago: the 2-week survey is open; the baseline was collected on paper before surgery.
    const surgery = await api(`/api/patients/${patient.id}/surgeries`, adminToken, 'POST', { procedure: 'laminectomy', surgeryDate: day(-15) });
    const invitation = (tp: string): string => surgery.invitations.find((i: { timepoint: string }) => i.timepoint === tp).id;
    await api(`/api/invitations/${invitation('baseline')}/responses`, adminToken, 'POST', {
      answers: { legPain: 5, backPain: 4, walkingDistance: 3 }, mode: 'paper', collectedAt: day(-20),
    });
    const { url } = await api(`/api/invitations/${invitation('2w')}/link`, adminToken, 'POST');
    const token = url.split('/s/')[1];
    await api(`/api/public/surveys/${token}/responses`, null, 'POST', { answers: { legPain: 8, backPain: 6, walkingDistance: 3, satisfaction: 4 } });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInThroughPage(page, surgeon.email, surgeon.password);
    await page.getByTestId('alert-badge').filter({ hasText: '1' }).waitFor();
    await page.getByRole('link', { name: /^Alerts/ }).click();
    await page.getByRole('heading', { name: 'Open (1)' }).waitFor();
    await page.getByText('Leg pain 8 vs 5 at baseline').waitFor();
    await page.screenshot({ path: screenshotPath('alerts-before-acknowledge') });

    await page.getByRole('button', { name: 'Acknowledge leg pain worse for Hana Okada at 2 weeks' }).click();
    await page.getByText('Acknowledged: Hana Okada, Leg pain 8 vs 5 at baseline.').waitFor();
    await page.getByRole('heading', { name: 'Open (0)' }).waitFor();
    expect(await page.getByTestId('alert-badge').count()).toBe(0);
    // It moved to the acknowledged ones, with who did it.
    await page.getByText('Acknowledged (1)').click();
    await page.getByText(/Acknowledged .* by Dr\. Noor Alerts/).waitFor();
    await page.screenshot({ path: screenshotPath('alerts-after-acknowledge') });

    const [alert] = (await api(`/api/alerts?patientId=${patient.id}`, adminToken)).items;
    expect(alert).toMatchObject({ kind: 'leg_pain_worse', acknowledgedBy: { id: surgeonId, name: surgeon.name } });
    expect(alert.acknowledgedAt).not.toBeNull();

    // The patient's page shows it too, acknowledged.
    await page.goto(`${baseUrl}/patients/${patient.id}`);
    await page.getByRole('heading', { name: 'Alerts (0 open)' }).waitFor();
    await page.getByText('Leg pain 8 vs 5 at baseline').waitFor();
    await page.close();
  });
});
