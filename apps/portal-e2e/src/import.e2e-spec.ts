import type { Browser } from 'playwright-core';
import { DateTime } from 'luxon';
import { launchChromium, screenshotPath } from './support/browser';
import { api, baseUrl, signInThroughPage } from './support/api';

/** A coordinator imports next month's list: sees every row's fate first, then imports the good ones. */
describe('CSV import from the portal', () => {
  let browser: Browser;
  let adminToken: string;
  const surgeryDate = DateTime.now().setZone('America/New_York').plus({ days: 40 }).toISODate();

  beforeAll(async () => {
    browser = await launchChromium();
    adminToken = (await api('/api/auth/login', null, 'POST', { email: process.env['E2E_ADMIN_EMAIL'], password: process.env['E2E_ADMIN_PASSWORD'] }))
      .accessToken;
    await api('/api/users', adminToken, 'POST', { email: 'dr.import@e2e.test', password: 'e2e-surgeon-password', name: 'Dr. Imogen Port', role: 'surgeon' });
  });

  afterAll(() => browser?.close());

  it('previews every row, in-file duplicates included, and imports only what the preview said', async () => {
    const csv = [
      'mrn,given_name,family_name,birth_date,email,phone,language,surgeon_email,procedure,surgery_date',
      `E2E-IMP-1,Grace,Hopper,1948-12-09,grace.imp@example.org,,en,dr.import@e2e.test,laminectomy,${surgeryDate}`,
      `E2E-IMP-2,Alan,Turing,1952-06-23,alan.imp@example.org,,en,dr.import@e2e.test,laminectomy,2026-02-30`,
      `E2E-IMP-1,Grace,Again,1948-12-09,,,en,dr.import@e2e.test,other,${surgeryDate}`,
      `E2E-IMP-4,"María José",Reyes,1951-03-02,,+15551230004,es,dr.import@e2e.test,other,${surgeryDate}`,
    ].join('\n');
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInThroughPage(desk, process.env['E2E_ADMIN_EMAIL'] as string, process.env['E2E_ADMIN_PASSWORD'] as string);
    await desk.getByRole('link', { name: 'Import' }).click();
    await desk.getByLabel('CSV file').setInputFiles({ name: 'next-month.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await desk.getByRole('heading', { name: 'Preview: nothing is saved yet' }).waitFor();
    const rows = desk.getByRole('row');
    expect(await rows.count()).toBe(5);
    expect(await desk.getByRole('row', { name: /^2 E2E-IMP-1/ }).textContent()).toMatch(/Refused.*also on line 4/);
    expect(await desk.getByRole('row', { name: /^3 E2E-IMP-2/ }).textContent()).toMatch(/Refused.*surgery_date/);
    expect(await desk.getByRole('row', { name: /^5 E2E-IMP-4/ }).textContent()).toMatch(/Will be imported/);
    await desk.screenshot({ path: screenshotPath('import-preview'), fullPage: true });
    expect((await api('/api/patients?search=E2E-IMP', adminToken)).total).toBe(0);

    await desk.getByRole('button', { name: 'Import 1 patient' }).click();
    await desk.getByText('Imported 1 patient with their surgeries.').waitFor();
    const found = await api('/api/patients?search=E2E-IMP', adminToken);
    expect(found.items.map((p: { mrn: string }) => p.mrn)).toEqual(['E2E-IMP-4']);
    await desk.getByRole('link', { name: 'María José Reyes' }).click();
    await desk.getByRole('heading', { name: /María José Reyes/ }).waitFor();
    await desk.close();
  });

  it('says why a Latin-1 file cannot be imported, and saves nothing', async () => {
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInThroughPage(desk, process.env['E2E_ADMIN_EMAIL'] as string, process.env['E2E_ADMIN_PASSWORD'] as string);
    await desk.goto(`${baseUrl}/import`);
    const latin1 = Buffer.from(
      `mrn,given_name,family_name,birth_date,email,phone,language,surgeon_email,procedure,surgery_date\nE2E-L1,María,Reyes,1951-03-02,,,es,dr.import@e2e.test,other,${surgeryDate}\n`,
      'latin1',
    );
    await desk.getByLabel('CSV file').setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: latin1 });
    const alert = desk.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/nothing was saved.*line 2: the file is not UTF-8/s);
    expect((await api('/api/patients?search=E2E-L1', adminToken)).total).toBe(0);
    await desk.close();
  });
});
