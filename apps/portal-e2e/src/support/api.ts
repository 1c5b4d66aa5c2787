import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';

export const baseUrl = process.env['E2E_BASE_URL'] as string;

/** Calls the API as an outside script would; throws with the answer on anything but 2xx. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read whatever JSON the API answers
export async function api(path: string, token: string | null, method = 'GET', body?: unknown): Promise<any> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function signInThroughPage(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * A new surgeon and patient (English, by email) operated on 15 days ago, and the in-clinic link to
 * their open 2-week survey. `tag` keeps each spec's people apart.
 */
export async function twoWeekSurveyLink(tag: string, patient: { givenName: string; familyName: string }): Promise<string> {
  const adminToken = (await api('/api/auth/login', null, 'POST', { email: process.env['E2E_ADMIN_EMAIL'], password: process.env['E2E_ADMIN_PASSWORD'] }))
    .accessToken;
  const { id: surgeonId } = await api('/api/users', adminToken, 'POST', {
    email: `dr.${tag}@e2e.test`, password: 'e2e-surgeon-password', name: `Dr. ${patient.familyName}`, role: 'surgeon',
  });
  const { id: patientId } = await api('/api/patients', adminToken, 'POST', {
    mrn: `E2E-${tag.toUpperCase()}-1`, ...patient, birthDate: '1950-01-01', email: `${tag}@example.org`, language: 'en', surgeonId,
  });
  const surgery = await api(`/api/patients/${patientId}/surgeries`, adminToken, 'POST', {
    procedure: 'laminectomy',
    surgeryDate: DateTime.now().setZone('America/New_York').minus({ days: 15 }).toISODate(),
  });
  const twoWeeks = surgery.invitations.find((inv: { timepoint: string }) => inv.timepoint === '2w');
  return (await api(`/api/invitations/${twoWeeks.id}/link`, adminToken, 'POST')).url;
}
