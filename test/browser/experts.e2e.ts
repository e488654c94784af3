import { readFile } from 'node:fs/promises';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, PHONE, phonePage, startBrowserStack, type BrowserStack } from '../support/browser.js';
import { createOrganization } from '../support/directory.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser } from '../support/users.js';
import { screenshot, submit, t } from './pages.js';

/**
 * On a 360 px phone: staff invite an expert by experience, the expert accepts, staff log three
 * contributions (one with a declined fee, shown as volunteering), the expert writes a reflection
 * the organisation then reads, and downloads their contributions as CSV. English and Finnish
 * with JavaScript (axe needs scripts), and Finnish once more without: every form is a plain POST.
 */
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

async function phone(cookie: string, javaScriptEnabled: boolean): Promise<Page> {
  const page = await phonePage(browser, web.url, cookie, { javaScriptEnabled });
  contexts.push(page.context());
  return page;
}

async function expectFits(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

const CONTRIBUTIONS = [
  { title: 'Feedback on the intake form', kind: 'consultation', date: '2026-03-04', hours: '1,5', theme: 'early_intervention', currency: 'EUR', fee: '60', declined: false, expenses: '4,50', status: 'done' },
  { title: 'Lecture at the social work school', kind: 'lecture', date: '2026-03-18', hours: '2', theme: 'social_inclusion', currency: 'EUR', fee: '150', declined: true, expenses: '', status: 'done' },
  { title: 'Housing first working group', kind: 'working_group', date: '2026-04-02', hours: '3', theme: 'supported_housing', currency: '', fee: '', declined: false, expenses: '', status: 'planned' },
];

describe.each([
  ['en', true],
  ['fi', true],
  ['fi', false],
])('experts by experience on a 360 px phone (%s, JavaScript %s)', (lang, javaScriptEnabled) => {
  it('staff log three contributions for an expert who accepted, and the expert exports them', async () => {
    const tx = (key: string) => t(lang, 'experts', key);
    const [staff, expert] = await Promise.all([registerUser(api.url, { locale: lang }), registerUser(api.url, { locale: lang, displayName: 'Aino' })]);
    const org = await createOrganization(staff, `Kotipolku ${lang} ${javaScriptEnabled} ${Date.now().toString(36)}`);

    const staffPage = await phone(staff.cookie, javaScriptEnabled);
    await staffPage.goto(`${web.url}/organizations/${org.slug}/experts`);
    await staffPage.getByText(tx('staff.nobodyListed')).waitFor();
    await staffPage.getByLabel(tx('staff.username'), { exact: true }).fill(expert.user.username);
    await submit(staffPage, staffPage.getByRole('button', { name: tx('staff.invite'), exact: true }));
    await staffPage.getByTestId('expert-list').getByText(tx('staff.waiting')).waitFor();
    // Until the expert accepts, there is no form to log anything for them.
    await staffPage.getByText(tx('staff.nobodyListed')).waitFor();
    if (javaScriptEnabled) await expectAccessible(staffPage);

    const expertPage = await phone(expert.cookie, javaScriptEnabled);
    await expertPage.goto(`${web.url}/account/contributions`);
    await expertPage.getByRole('heading', { level: 2, name: tx('mine.invitationsTitle') }).waitFor();
    await submit(expertPage, expertPage.getByRole('button', { name: new RegExp(`^${tx('mine.accept')}`) }));
    await expertPage.getByRole('button', { name: new RegExp(`^${tx('mine.leave')}`) }).waitFor();

    await staffPage.reload();
    for (const c of CONTRIBUTIONS) {
      const form = staffPage.locator('form', { has: staffPage.getByRole('button', { name: tx('staff.add'), exact: true }) });
      await form.getByLabel(tx('form.kind'), { exact: true }).selectOption(c.kind);
      await form.getByLabel(tx('form.title'), { exact: true }).fill(c.title);
      await form.getByLabel(tx('form.date'), { exact: true }).fill(c.date);
      await form.getByLabel(tx('form.hours'), { exact: true }).fill(c.hours);
      await form.getByLabel(tx('form.theme'), { exact: true }).selectOption(c.theme);
      await form.getByLabel(tx('form.currency'), { exact: true }).selectOption(c.currency);
      await form.getByLabel(tx('form.fee'), { exact: true }).fill(c.fee);
      if (c.declined) await form.getByLabel(tx('form.feeDeclined'), { exact: true }).check();
      await form.getByLabel(tx('form.expenses'), { exact: true }).fill(c.expenses);
      await form.getByLabel(tx('form.status'), { exact: true }).selectOption(c.status);
      await submit(staffPage, staffPage.getByRole('button', { name: tx('staff.add'), exact: true }));
      await staffPage.getByTestId('contribution-list').getByRole('link', { name: c.title }).waitFor();
    }
    const stored = await api.sql<{ title: string; fee_declined: boolean; hours: string }>(`SELECT title, fee_declined, hours::text AS hours FROM expert_contributions WHERE organization_id = $1 ORDER BY happened_on`, [org.id]);
    expect(stored).toEqual([
      { title: CONTRIBUTIONS[0]!.title, fee_declined: false, hours: '1.50' },
      { title: CONTRIBUTIONS[1]!.title, fee_declined: true, hours: '2.00' },
      { title: CONTRIBUTIONS[2]!.title, fee_declined: false, hours: '3.00' },
    ]);
    await staffPage.getByTestId('contribution-list').getByText(tx('list.volunteeringDeclined')).waitFor();
    await staffPage.getByRole('table').getByText(t(lang, 'experts', 'totals.person').replace('{{person}}', expert.user.username)).waitFor();
    await expectFits(staffPage);
    if (javaScriptEnabled) {
      await expectAccessible(staffPage);
      await screenshot(staffPage, `experts-${lang}-staff`);
    }

    // The expert reflects on one entry, and downloads all three.
    await expertPage.reload();
    const entries = expertPage.getByTestId('my-contributions');
    for (const c of CONTRIBUTIONS) await entries.getByRole('heading', { name: c.title }).waitFor();
    const first = entries.locator('li', { has: expertPage.getByRole('heading', { name: CONTRIBUTIONS[0]!.title }) });
    await first.getByLabel(tx('mine.reflection'), { exact: true }).fill('They added a question about where people slept last night.');
    await submit(expertPage, first.getByRole('button', { name: new RegExp(`^${tx('mine.saveReflection')}`) }));
    await expertPage.getByText(tx('mine.reflectionSaved')).waitFor();
    await expectFits(expertPage);
    if (javaScriptEnabled) {
      await expectAccessible(expertPage);
      await screenshot(expertPage, `experts-${lang}-expert`);
    }
    const [download] = await Promise.all([expertPage.waitForEvent('download'), expertPage.getByRole('link', { name: tx('mine.csv') }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    for (const c of CONTRIBUTIONS) expect(csv).toContain(c.title);
    expect(csv).toContain('where people slept last night');

    // The organisation reads the reflection.
    await staffPage.reload();
    await staffPage.getByText('They added a question about where people slept last night.').waitFor();
  }, 180_000);
});
