/**
 * Admin banner times are in the admin's own time zone, not UTC: the browser's zone (the `tz`
 * cookie the page's little script sets) is how the form reads the times typed and how the list
 * shows them; without that cookie, the language's usual zone, named on the page.
 */
import { type Browser, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { submit, t, waitForHydration } from './pages.js';

let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;
let admin: RegisteredUser;

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ api, web, browser } = stack);
  admin = await registerUser(api.url);
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
}, 240_000);

afterAll(() => stack?.stop());

async function adminPage(timezoneId: string): Promise<Page> {
  const context = await isolatedContext(browser, { timezoneId });
  const [name, value] = admin.cookie.split('=');
  await context.addCookies([{ name, value, domain: new URL(web.url).hostname, path: '/' }]);
  return context.newPage();
}

async function createBanner(page: Page, message: string, startsAt: string, endsAt: string) {
  await page.getByLabel(t('en', 'moderation', 'admin.messageIn').replace('{{language}}', 'English'), { exact: true }).fill(message);
  await page.getByLabel(t('en', 'moderation', 'admin.startsAt'), { exact: true }).fill(startsAt);
  await page.getByLabel(t('en', 'moderation', 'admin.endsAt'), { exact: true }).fill(endsAt);
  await submit(page, page.getByRole('button', { name: t('en', 'moderation', 'admin.createBanner') }));
  await page.getByText(t('en', 'moderation', 'admin.bannerCreated')).waitFor();
}

const stored = async (message: string) =>
  (await api.sql<{ starts_at: Date; ends_at: Date }>(`SELECT starts_at, ends_at FROM emergency_banners WHERE message->>'en' = $1`, [message]))[0];

describe('admin banner times', () => {
  it('are read and shown in the browser’s time zone (Auckland, UTC+13 in January)', async () => {
    const page = await adminPage('Pacific/Auckland');
    // The first visit lets the little script tell the server the zone; the form then uses it.
    await page.goto(`${web.url}/admin`);
    await waitForHydration(page);
    await page.goto(`${web.url}/admin`);
    const hint = await page.getByText(t('en', 'moderation', 'admin.zoneHint').split('{{zone}}')[0]).innerText();
    expect(hint).toContain(t('en', 'events', 'zoneTime.other').replace('{{city}}', 'Auckland'));
    expect(hint).not.toContain('UTC');

    await createBanner(page, 'Cold night: the hall opens at nine', '2030-01-10T09:00', '2030-01-11T09:00');
    const row = await stored('Cold night: the hall opens at nine');
    expect(row.starts_at.toISOString()).toBe('2030-01-09T20:00:00.000Z');
    expect(row.ends_at.toISOString()).toBe('2030-01-10T20:00:00.000Z');
    // The list says the same wall-clock time, and which zone it is in.
    const item = page.getByRole('listitem').filter({ hasText: 'Cold night: the hall opens at nine' });
    const text = await item.innerText();
    expect(text).toMatch(/9:00/);
    expect(text).toContain('Auckland');
    await expectAccessible(page);
    await page.context().close();
  });

  it('without the zone cookie (no JavaScript) use the language’s usual zone and say so', async () => {
    const context = await isolatedContext(browser, { javaScriptEnabled: false, timezoneId: 'America/New_York' });
    const [name, value] = admin.cookie.split('=');
    await context.addCookies([{ name, value, domain: new URL(web.url).hostname, path: '/' }]);
    const page = await context.newPage();
    await page.goto(`${web.url}/admin`);
    expect(await page.getByText(t('en', 'events', 'zoneTime.copenhagen')).first().isVisible()).toBe(true);
    await createBanner(page, 'Shelter on Vesterbro is full tonight', '2030-07-01T18:00', '2030-07-02T08:00');
    // Copenhagen is UTC+2 in July.
    expect((await stored('Shelter on Vesterbro is full tonight')).starts_at.toISOString()).toBe('2030-07-01T16:00:00.000Z');
    await context.close();
  });
});
