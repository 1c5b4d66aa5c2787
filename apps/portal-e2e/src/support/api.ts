import type { Page } from 'playwright-core';

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
