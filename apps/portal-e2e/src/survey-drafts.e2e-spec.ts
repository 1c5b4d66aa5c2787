import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { api, twoWeekSurveyLink } from './support/api';

/**
 * The survey page's own state, kept without a router or HttpClient (survey-main.ts): answers saved
 * as they are given (one save for a burst of taps) and there after a reload; a refused save or
 * submit says so in the patient's words and loses nothing; the thank-you page replaces the survey.
 * Refusals the server gives rarely (429, a dropped connection) are played by the browser in place
 * of the real answer; everything else is the real server.
 */
describe('survey page: saved drafts, refusals and the thank-you page', () => {
  let browser: Browser;
  let url: string;
  let token: string;

  beforeAll(async () => {
    browser = await launchChromium();
    url = await twoWeekSurveyLink('drafts', { givenName: 'Walter', familyName: 'Draft' });
    token = new URL(url).pathname.split('/')[2];
  });

  afterAll(() => browser?.close());

  const status = (phone: Page) => phone.locator('.save-state');
  const refuse = (statusCode: number, code: string) => ({
    status: statusCode,
    contentType: 'application/json',
    body: JSON.stringify({ statusCode, code, message: 'refused for the test' }),
  });

  it('saves a burst of answers once, and shows them again after a reload', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const saves: string[] = [];
    phone.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().endsWith('/answers')) saves.push(request.postData() ?? '');
    });
    await phone.goto(url);
    const groups = phone.getByRole('group');
    await groups.nth(0).getByRole('radio', { name: /^3\b/ }).check();
    await groups.nth(2).getByRole('radio', { name: /1.*2 km/ }).check();
    await status(phone).getByText('Your answers so far are saved.').waitFor();
    expect(saves.map((body) => JSON.parse(body))).toEqual([{ answers: { legPain: 3, walkingDistance: 3 } }]);
    expect((await api(`/api/public/surveys/${token}`, null)).savedAnswers).toEqual({ legPain: 3, walkingDistance: 3 });

    await phone.reload();
    await groups.first().waitFor();
    expect(await groups.nth(0).getByRole('radio', { name: /^3\b/ }).isChecked()).toBe(true);
    expect(await groups.nth(2).getByRole('radio', { name: /1.*2 km/ }).isChecked()).toBe(true);
    expect(await phone.locator('input[type=radio]:checked').count()).toBe(2);
    await phone.close();
  });

  it('says so when a save or the submit is refused, keeps every answer, and sends them on the next try', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(url);
    const groups = phone.getByRole('group');
    await groups.first().waitFor();

    await phone.route('**/api/public/surveys/*/answers', (route) => route.fulfill(refuse(429, 'RATE_LIMITED')));
    await groups.nth(1).getByRole('radio', { name: /^2\b/ }).check();
    await status(phone).getByText('Not saved yet. Your answers will be sent when you press the button below.').waitFor();

    // The button with a question unanswered: the page names it and sends nothing.
    await phone.getByRole('button', { name: 'Send my answers' }).click();
    await phone.getByRole('alert').getByText('Some questions still need an answer.').waitFor();
    expect(await groups.nth(3).getAttribute('aria-invalid')).toBe('true');
    await groups.nth(3).getByRole('radio', { name: /very satisfied/i }).check();

    await phone.route('**/api/public/surveys/*/responses', (route) => route.fulfill(refuse(429, 'RATE_LIMITED')));
    await phone.getByRole('button', { name: 'Send my answers' }).click();
    await phone.getByRole('alert').getByText('Too many tries from this link; please wait a minute and try again.').waitFor();

    await phone.unroute('**/api/public/surveys/*/responses');
    await phone.route('**/api/public/surveys/*/responses', (route) => route.abort('internetdisconnected'));
    await phone.getByRole('button', { name: 'Send my answers' }).click();
    await phone.getByRole('alert').getByText('Your answers could not be sent. Please check your connection and try again.').waitFor();
    expect(await phone.getByRole('button', { name: 'Send my answers' }).isEnabled()).toBe(true);
    expect(await phone.locator('input[type=radio]:checked').count()).toBe(4);

    await phone.unrouteAll();
    await phone.getByRole('button', { name: 'Send my answers' }).click();
    await phone.getByRole('heading', { name: 'Thank you' }).waitFor();
    // The thank-you page took the survey's place in the history, in the survey's language.
    expect(new URL(phone.url()).pathname).toBe(`/s/${token}/thanks`);
    expect(await phone.evaluate(() => history.length)).toBe(2);
    expect(await phone.title()).toBe('Thank you');
    await phone.getByRole('link', { name: '(212) 555-0142' }).waitFor();
    await phone.close();
  });
});
