import type { Browser } from 'playwright-core';
import { DateTime } from 'luxon';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium, screenshotPath } from './support/browser';
import { api, signInThroughPage } from './support/api';

const DOCS = resolve(__dirname, '../../../docs/screenshots');

/**
 * Keeps a screenshot for the README as well as for this run, when asked (UPDATE_SCREENSHOTS=1):
 * an ordinary `npm test` leaves the working tree as it found it.
 */
function keep(name: string): void {
  if (process.env['UPDATE_SCREENSHOTS'] !== '1') return;
  mkdirSync(DOCS, { recursive: true });
  copyFileSync(screenshotPath(name), resolve(DOCS, `${name}.png`));
}

/**
 * The patient's side of issue #11: the survey names the clinic and its phone, switches language on
 * the page and keeps the choice for the patient; after an opt-out the link says so and how to
 * re-join. The coordinator's side: "Get link" shows the link as a QR code, printable.
 */
describe('survey language, clinic identity and the in-clinic QR code', () => {
  let browser: Browser;
  let adminToken: string;
  let patientId: string;
  let url: string;

  beforeAll(async () => {
    browser = await launchChromium();
    adminToken = (await api('/api/auth/login', null, 'POST', { email: process.env['E2E_ADMIN_EMAIL'], password: process.env['E2E_ADMIN_PASSWORD'] }))
      .accessToken;
    const { id: surgeonId } = await api('/api/users', adminToken, 'POST', {
      email: 'dr.language@e2e.test', password: 'e2e-surgeon-password', name: 'Dr. Rosa Language', role: 'surgeon',
    });
    const patient = await api('/api/patients', adminToken, 'POST', {
      mrn: 'E2E-LANG-1', givenName: 'Carmen', familyName: 'Idioma', birthDate: '1949-02-11', email: 'carmen@example.org', language: 'en', surgeonId,
    });
    patientId = patient.id;
    const surgery = await api(`/api/patients/${patient.id}/surgeries`, adminToken, 'POST', {
      procedure: 'laminectomy',
      surgeryDate: DateTime.now().setZone('America/New_York').minus({ days: 15 }).toISODate(),
    });
    const twoWeeks = surgery.invitations.find((inv: { timepoint: string }) => inv.timepoint === '2w');
    url = (await api(`/api/invitations/${twoWeeks.id}/link`, adminToken, 'POST')).url;
  });

  afterAll(() => browser?.close());

  it('switches the survey to Spanish on the page, keeps the answers given, and remembers the choice for the patient', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(url);
    await phone.getByRole('heading', { name: '2 weeks after your surgery' }).waitFor();
    // Who is asking, and whom to call.
    await phone.getByText('Stride Demo Spine Clinic', { exact: true }).waitFor();
    expect(await phone.getByRole('link', { name: '(212) 555-0142' }).getAttribute('href')).toBe('tel:2125550142');
    await phone.getByRole('group').nth(0).getByRole('radio', { name: /^3\b/ }).check();

    await phone.getByRole('button', { name: 'Language: Español' }).click();
    await phone.getByRole('heading', { name: '2 semanas después de su cirugía' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await phone.locator('input[type=radio]:checked').count()).toBe(1);
    await phone.getByText('¿Preguntas? Llame a Stride Demo Spine Clinic al').waitFor();
    await phone.screenshot({ path: screenshotPath('survey-language') });
    keep('survey-language');
    expect((await api(`/api/patients/${patientId}`, adminToken)).language).toBe('es');

    // A reload comes back in Spanish: the choice is the patient's now, not the page's.
    await phone.reload();
    await phone.getByRole('heading', { name: '2 semanas después de su cirugía' }).waitFor();
    await phone.close();
  });

  it('shows the in-clinic link as a QR code that prints on its own', async () => {
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInThroughPage(desk, process.env['E2E_ADMIN_EMAIL'] as string, process.env['E2E_ADMIN_PASSWORD'] as string);
    await desk.goto(`${new URL(url).origin}/patients/${patientId}`);
    await desk.getByRole('button', { name: /Get link/ }).first().click();
    const qr = desk.getByRole('img', { name: /QR code of the survey link/ });
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await desk.getByRole('button', { name: 'Print QR code' }).waitFor();
    await qr.scrollIntoViewIfNeeded();
    await desk.screenshot({ path: screenshotPath('survey-qr-link') });
    keep('survey-qr-link');
    // The printout: the code and its caption alone.
    await desk.evaluate(() => document.body.classList.add('print-qr'));
    await desk.emulateMedia({ media: 'print' });
    await desk.screenshot({ path: screenshotPath('survey-qr-print'), fullPage: false });
    await desk.setViewportSize({ width: 390, height: 844 });
    await desk.emulateMedia({ media: 'screen' });
    await desk.evaluate(() => document.body.classList.remove('print-qr'));
    await qr.scrollIntoViewIfNeeded();
    await desk.screenshot({ path: screenshotPath('survey-qr-link-390') });
    await desk.close();
  });

  it('after an opt-out, the link says so and how to re-join, in the patient\'s language, with the phone to call', async () => {
    await api(`${new URL(url).pathname.replace('/s/', '/api/public/surveys/')}/opt-out`, null, 'POST');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(url);
    await phone.getByRole('heading', { name: 'Usted pidió no recibir más encuestas' }).waitFor();
    await phone.getByText(/llame a la clínica al número de abajo/).waitFor();
    await phone.getByRole('link', { name: '(212) 555-0142' }).waitFor();
    await phone.screenshot({ path: screenshotPath('survey-opted-out') });
    keep('survey-opted-out');
    await phone.close();
  });
});
