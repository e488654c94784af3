import { randomBytes } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { SiteHeader, screenshot, submit, t } from './pages.js';

/**
 * Admin without a terminal: at 360 px an admin goes from the header to the admin page, finds a
 * person, gives them a role, suspends them with a reason and an end, then lifts the suspension —
 * all in the browser, every page axe-clean, in English and Hungarian.
 */
const PHONE = { width: 360, height: 740 };

let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ api, web, browser } = stack);
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await stack?.stop();
});

async function signedIn(person: RegisteredUser, javaScriptEnabled = true): Promise<Page> {
  const context = await isolatedContext(browser, { viewport: PHONE, javaScriptEnabled });
  contexts.push(context);
  const [name, value] = person.cookie.split('=');
  await context.addCookies([{ name, value, domain: new URL(web.url).hostname, path: '/' }]);
  return context.newPage();
}

async function makeAdmin(person: RegisteredUser) {
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [person.user.id]);
}

/** Nothing sticks out sideways on a 360 px screen. */
async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect({ url: page.url(), ...widths, fits: widths.page <= widths.screen }).toEqual({ url: page.url(), ...widths, fits: true });
}

async function checkPage(page: Page) {
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
}

const logActions = async (userId: string) =>
  (await api.sql<{ action: string }>(`SELECT action FROM moderation_actions WHERE subject_user_id = $1 ORDER BY created_at`, [userId])).map((r) => r.action);

describe('admin people pages at 360 px', () => {
  it.each([true, false])('an admin finds a person, gives a role, suspends with a reason and an end, then lifts it (JavaScript %s)', async (javascript) => {
    const m = (key: string) => t('en', 'moderation', key);
    const admin = await registerUser(api.url, { locale: 'en' });
    await makeAdmin(admin);
    const stem = `Zoé${randomBytes(3).toString('hex')}`;
    const person = await registerUser(api.url, { username: `${stem}Kovács`, displayName: 'Zoé K' });
    const page = await signedIn(admin, javascript);

    // From the header, as a person would: Menu → Your account → Admin → People.
    await page.goto(`${web.url}/`);
    const header = new SiteHeader(page);
    await header.revealNav();
    await page.locator('.site-menu').getByRole('link', { name: t('en', 'common', 'nav.account') }).click();
    await page.getByRole('link', { name: m('admin.link') }).click();
    await page.getByRole('heading', { level: 1, name: m('admin.title') }).waitFor();
    await page.locator('section[aria-labelledby="people-title"]').getByRole('link', { name: m('people.link') }).click();
    await page.getByRole('heading', { level: 1, name: m('people.title') }).waitFor();

    // Case and accents do not matter.
    await page.getByLabel(m('people.searchLabel'), { exact: true }).fill(stem.toLowerCase().replace('é', 'e'));
    await page.getByRole('button', { name: m('people.search') }).click();
    const result = page.getByTestId('people-results').getByRole('link', { name: `Zoé K (@${stem}Kovács)` });
    await result.waitFor();
    // axe and layout checks run script in the page: only where the page has JavaScript.
    if (javascript) await checkPage(page);
    if (javascript) await screenshot(page, 'people-search-en');
    await result.click();
    await page.getByRole('heading', { level: 1, name: `Zoé K (@${stem}Kovács)` }).waitFor();

    // Give a role.
    await page.getByLabel(m('people.roleLabel'), { exact: true }).selectOption('org_staff');
    await submit(page, page.getByRole('button', { name: m('people.grant') }));
    await page.getByText(m('people.done.grant')).waitFor();
    await page.getByTestId('person-roles').getByText(m('people.roles.org_staff')).waitFor();
    expect((await api.sql<{ roles: string[] }>(`SELECT roles FROM users WHERE id = $1`, [person.user.id]))[0].roles).toEqual(['member', 'org_staff']);

    // Suspend, first forgetting the reason: the form names the field.
    await submit(page, page.getByRole('button', { name: m('people.suspend'), exact: true }));
    await page.locator('#suspend-reason-error').waitFor();
    expect(await logActions(person.user.id)).toEqual(['grant_role']);
    await page.getByLabel(m('people.reason'), { exact: true }).fill('Sent the same advert to forty people.');
    await page.getByLabel(m('item.durationLabel'), { exact: true }).selectOption('week');
    await submit(page, page.getByRole('button', { name: m('people.suspend'), exact: true }));
    await page.getByText(m('people.done.suspend')).waitFor();
    const row = (await api.sql<{ status: string; suspended_until: Date }>(`SELECT status, suspended_until FROM users WHERE id = $1`, [person.user.id]))[0];
    expect(row.status).toBe('suspended');
    const days = (row.suspended_until.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    expect(await api.sql(`SELECT 1 FROM sessions WHERE user_id = $1`, [person.user.id])).toEqual([]);
    await page.getByTestId('person-history').getByText('Sent the same advert to forty people.').waitFor();
    // axe and layout checks run script in the page: only where the page has JavaScript.
    if (javascript) await checkPage(page);
    if (javascript) await screenshot(page, 'person-suspended-en');

    // Lift it: the form starts empty, not with the suspension's reason.
    expect(await page.getByLabel(m('people.reason'), { exact: true }).inputValue()).toBe('');
    await page.getByLabel(m('people.reason'), { exact: true }).fill('We talked; it will not happen again.');
    await submit(page, page.getByRole('button', { name: m('people.lift'), exact: true }));
    await page.getByText(m('people.done.lift')).waitFor();
    expect((await api.sql<{ status: string }>(`SELECT status FROM users WHERE id = $1`, [person.user.id]))[0].status).toBe('active');
    expect(await logActions(person.user.id)).toEqual(['grant_role', 'suspend', 'lift_suspension']);
    if (javascript) await expectAccessible(page);
  }, 180_000);

  it('reads in Hungarian at 360 px, and admins see no buttons to change their own account', async () => {
    const h = (key: string) => t('hu', 'moderation', key);
    const admin = await registerUser(api.url, { locale: 'hu' });
    await makeAdmin(admin);
    const person = await registerUser(api.url, { username: `Árpád${randomBytes(3).toString('hex')}`, locale: 'hu' });
    await api.sql(`UPDATE users SET status = 'suspended', suspended_until = now() + interval '3 days' WHERE id = $1`, [person.user.id]);
    const page = await signedIn(admin);

    await page.goto(`${web.url}/admin/people?q=${encodeURIComponent('arp')}`);
    await page.getByRole('heading', { level: 1, name: h('people.title') }).waitFor();
    await page.getByTestId('people-results').getByRole('link', { name: `@${person.user.username}` }).waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'people-search-hu');

    await page.goto(`${web.url}/admin/people/${person.user.id}`);
    await page.getByRole('heading', { level: 2, name: h('people.liftTitle') }).waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'person-suspended-hu');

    await page.goto(`${web.url}/admin/people/${admin.user.id}`);
    await page.getByText(h('people.ownAccount')).waitFor();
    expect(await page.getByRole('button', { name: h('people.revoke') }).count()).toBe(0);
    expect(await page.getByRole('button', { name: h('people.suspend'), exact: true }).count()).toBe(0);
    await expectAccessible(page);

    // Not an admin: the pages are not there.
    const member = await registerUser(api.url);
    const other = await signedIn(member);
    const res = await other.goto(`${web.url}/admin/people`);
    expect(res?.status()).toBe(404);
  }, 180_000);
});
