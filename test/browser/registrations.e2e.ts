import fs from 'node:fs';
import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, isolatedContext, phonePage, PHONE, startBrowserStack, type BrowserStack } from '../support/browser.js';
import { uniqueIp } from '../support/http.js';
import { multiplierEvent, participant } from '../support/registrations.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { submit, t, waitForHydration } from './pages.js';

/**
 * The multiplier-event journey at 360 px: 40 registrations (10 without accounts, two of them
 * through the form, one with JavaScript off), check-in at the door, the sign-in sheet and the report.
 */
let stack: BrowserStack;
let browser: Browser;
let staff: RegisteredUser;
let eventId: string;

const r = (key: string) => t('en', 'registrations', key);

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ browser } = stack);
  staff = await registerUser(stack.api.url);
  ({ eventId } = await multiplierEvent(staff, 'Utcáról Lakásba Egyesület', 'Szeged multiplier event'));
}, 240_000);

afterAll(() => stack?.stop());

async function fitsPhone(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

async function fillParticipant(page: Page, p: ReturnType<typeof participant>) {
  await page.getByLabel(r('form.fullName')).fill(p.fullName);
  await page.getByLabel(r('form.organisation'), { exact: true }).fill(p.organisation);
  await page.getByLabel(r('form.organisationAddress')).fill(p.organisationAddress);
  await page.getByLabel(r('form.country')).selectOption(p.country);
  await page.getByLabel(r('form.organisationType')).selectOption(p.organisationType);
  await page.getByLabel(r('form.role')).fill(p.role);
}

async function download(page: Page, name: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  return fs.readFileSync((await file.path())!);
}

describe('a multiplier event from registration to report', () => {
  it('takes 40 registrations: 30 from people with accounts, 10 without (two through the form at 360 px)', async () => {
    const members = await Promise.all(Array.from({ length: 30 }, () => registerUser(stack.api.url)));
    for (const [i, m] of members.entries()) {
      // Each from an address of its own: the public form is throttled per address.
      await m.agent.post(`/api/events/${eventId}/registrations`).set('X-Forwarded-For', uniqueIp()).send({ ...participant(i + 1), consent: true }).expect(201);
    }
    for (let i = 31; i <= 38; i++) {
      await request(stack.api.url).post(`/api/events/${eventId}/registrations`).set('X-Forwarded-For', uniqueIp()).send({ ...participant(i), consent: true }).expect(201);
    }

    // Without JavaScript and without an account: the consent box is required, then the private link.
    const noJs = await (await isolatedContext(browser, { viewport: PHONE, javaScriptEnabled: false })).newPage();
    await noJs.goto(`${stack.web.url}/events/${eventId}`);
    expect(await noJs.getByRole('heading', { name: r('form.title') }).isVisible()).toBe(true);
    await fillParticipant(noJs, participant(39, { fullName: 'Milica Jovanović', country: 'RS' }));
    await submit(noJs, noJs.getByRole('button', { name: r('form.submit') }));
    expect(await noJs.getByText(t('en', 'errors', 'validation.consentRequired')).first().isVisible()).toBe(true);
    await noJs.getByLabel(r('form.consent')).check();
    await submit(noJs, noJs.getByRole('button', { name: r('form.submit') }));
    await noJs.waitForURL(/\/registration\/[A-Za-z0-9_-]{43}\?saved=1$/);
    expect(await noJs.getByText('Milica Jovanović').isVisible()).toBe(true);
    await fitsPhone(noJs);

    // With JavaScript, on a phone, still without signing in.
    const phone = await (await isolatedContext(browser, { viewport: PHONE, hasTouch: true, isMobile: true })).newPage();
    await phone.goto(`${stack.web.url}/events/${eventId}`);
    await waitForHydration(phone);
    await expectAccessible(phone);
    await fitsPhone(phone);
    await fillParticipant(phone, participant(40, { fullName: 'Aino Virtanen', country: 'FI' }));
    await phone.getByLabel(r('form.consent')).check();
    await submit(phone, phone.getByRole('button', { name: r('form.submit') }));
    await phone.waitForURL(/\/registration\//);
    await expectAccessible(phone);
    expect(await phone.getByRole('button', { name: r('mine.withdraw') }).isVisible()).toBe(true);

    const count = await stack.api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM event_registrations WHERE event_id = $1`, [eventId]);
    expect(count[0]!.n).toBe(40);
  }, 180_000);

  it('staff check people in at the door, add a walk-in, and download the sign-in sheet and the report', async () => {
    const page = await phonePage(browser, stack.web.url, staff.cookie);
    await page.goto(`${stack.web.url}/events/${eventId}/registrations`);
    await waitForHydration(page);
    await expectAccessible(page);
    await fitsPhone(page);
    expect(await page.locator('.registration-numbers li').first().innerText()).toContain('40');

    await page.getByRole('link', { name: r('staff.checkIn') }).click();
    await page.waitForURL(/\/check-in$/);
    await waitForHydration(page);
    await page.getByRole('searchbox', { name: r('checkIn.search') }).fill('Milica');
    await page.locator('#main').getByRole('button', { name: r('checkIn.searchSubmit') }).click();
    await page.waitForURL(/q=Milica/);
    await submit(page, page.getByRole('button', { name: `${r('checkIn.checkInShort')} Milica Jovanović` }));
    await page.getByRole('button', { name: new RegExp(`${r('checkIn.undoShort')}.*Milica Jovanović`) }).waitFor();
    for (const name of ['Participant 001', 'Participant 002']) {
      await page.getByRole('searchbox', { name: r('checkIn.search') }).fill(name);
      await page.locator('#main').getByRole('button', { name: r('checkIn.searchSubmit') }).click();
      await page.waitForURL(new RegExp(`q=${name.replace(' ', '\\+')}`));
      await submit(page, page.getByRole('button', { name: `${r('checkIn.checkInShort')} ${name}` }));
      await page.getByRole('button', { name: new RegExp(`${r('checkIn.undoShort')}.*${name}`) }).waitFor();
    }
    await fillParticipant(page, participant(41, { fullName: 'Walk-in Visitor', organisation: 'Helt Hjem', country: 'DK' }));
    await page.getByLabel(r('checkIn.walkInConsent')).check();
    await submit(page, page.getByRole('button', { name: r('checkIn.walkInSubmit') }));
    await page.getByText('Walk-in Visitor', { exact: false }).first().waitFor();
    await expectAccessible(page);
    await fitsPhone(page);
    expect(await page.getByRole('status').first().innerText()).toContain('4');

    await page.goto(`${stack.web.url}/events/${eventId}/registrations`);
    const sheet = await download(page, r('staff.signInSheet'));
    expect(sheet.subarray(0, 5).toString()).toBe('%PDF-');
    const report = await download(page, r('staff.reportPdf'));
    expect(report.subarray(0, 5).toString()).toBe('%PDF-');
    const csv = (await download(page, r('staff.reportCsv'))).toString('utf8');
    // 41 registered (one walk-in), 4 came; the walk-in and the two test visitors from outside the partners.
    expect(csv).toContain(`${t('en', 'registrations', 'report.everyone')},41,4`);
    expect(csv).toContain('Denmark (DK),1,1');
  }, 180_000);
});
