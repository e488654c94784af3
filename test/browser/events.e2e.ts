import { randomBytes } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { strongPassword, uniqueUsername } from '../support/users.js';
import { RegisterPage, SiteHeader, submit, t, waitForHydration } from './pages.js';

let stack: BrowserStack;
let web: TestWeb;
let browser: Browser;

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ web, browser } = stack);
}, 240_000);

afterAll(() => stack?.stop());

const newContext = (options: Parameters<Browser['newContext']>[0] = {}) => isolatedContext(browser, options);

const ev = (key: string, lang = 'en') => t(lang, 'events', key);

async function registerInBrowser(context: BrowserContext, prefix: string): Promise<Page> {
  const page = await context.newPage();
  const register = new RegisterPage(page, web.url);
  await register.open();
  await register.register(uniqueUsername(prefix), strongPassword());
  await register.recoveryCodes();
  return page;
}

/** The agenda and event pages, as a person using them sees them. */
class EventsPage {
  constructor(readonly page: Page) {}

  async open(query = '') {
    await this.page.goto(`${web.url}/events${query}`);
    await waitForHydration(this.page);
  }

  occurrence(title: string) {
    return this.page.getByTestId('occurrence').filter({ hasText: title });
  }
}

describe('event calendars in the browser', () => {
  const title = `Helt Hjem evening ${randomBytes(3).toString('hex')}`;
  let hostCtx: BrowserContext;
  let memberCtx: BrowserContext;
  let host: Page;
  let member: Page;
  let eventPath: string;
  let spaceName: string;
  let spaceSlug: string;

  afterAll(async () => {
    await hostCtx?.close();
    await memberCtx?.close();
  });

  it('a host starts a space and adds a weekly event in the form', async () => {
    hostCtx = await newContext({ timezoneId: 'Europe/Copenhagen' });
    host = await registerInBrowser(hostCtx, 'host');
    // The space itself is not what this test is about: made through the API, with the host's session.
    const created = await host.request.post(`${web.url}/api/spaces`, {
      data: { name: `Helt Hjem ${randomBytes(3).toString('hex')}`, description: 'We meet every week.', visibility: 'public', guidelines: 'Be kind.' },
    });
    expect(created.status()).toBe(201);
    const space = (await created.json()) as { id: string; slug: string; name: string };
    spaceName = space.name;
    spaceSlug = space.slug;

    await host.goto(`${web.url}/events/new`);
    await waitForHydration(host);
    await host.getByLabel(ev('form.fields.title'), { exact: true }).fill(title);
    await host.getByLabel(ev('form.fields.kind'), { exact: true }).selectOption('community');
    expect(await host.getByLabel(ev('form.fields.space'), { exact: true }).inputValue()).toBe(space.id);
    await host.getByLabel(ev('form.fields.startTime'), { exact: true }).fill('18:00');
    await host.getByLabel(ev('form.fields.endTime'), { exact: true }).fill('20:00');
    await host.getByLabel(ev('form.fields.timezone'), { exact: true }).selectOption('Europe/Copenhagen');
    await host.getByLabel(ev('form.repeat.weekly'), { exact: true }).check();
    await host.getByLabel(ev('form.fields.locationName'), { exact: true }).fill('Folkets Hus');
    await host.getByLabel(ev('practicalities.food')).check();
    await host.getByLabel(ev('form.fields.capacity'), { exact: true }).fill('10');
    await Promise.all([host.waitForURL(/\/events\/[0-9a-f-]{36}\?saved=1/), host.getByRole('button', { name: ev('form.submitNew') }).click()]);
    await host.getByText(ev('form.savedNotice')).waitFor();
    await host.getByRole('heading', { level: 1, name: title }).waitFor();
    eventPath = new URL(host.url()).pathname;

    // A member joins the space (again through the API: joining has its own tests).
    memberCtx = await newContext({ timezoneId: 'Europe/Helsinki', viewport: { width: 320, height: 800 } });
    member = await registerInBrowser(memberCtx, 'member');
    const joined = await member.request.post(`${web.url}/api/spaces/${space.id}/join`, { data: { acceptGuidelines: true } });
    expect(joined.status()).toBeLessThan(300);
  }, 60_000);

  it('another person sees it in the agenda, in both time zones, and says they are going to the next date', async () => {
    const events = new EventsPage(member);
    await events.open();
    // The first visit tells the server the reader's zone; from now on both clocks are shown.
    await events.open();
    // A weekly event: the first item is its next date.
    const item = events.occurrence(title).first();
    await item.waitFor();
    const itemText = await item.innerText();
    expect(itemText).toContain(ev('kinds.community'));
    expect(itemText).toContain('18:00–20:00 Copenhagen time (19:00–21:00 your time)');
    expect(itemText).toContain('Folkets Hus');
    expect(itemText).toContain(ev('practicalities.food'));
    expect(itemText).toContain('0 of 10 places taken');
    // The filter by space offers the space they joined.
    const spaceFilter = member.getByLabel(ev('list.filterSpace'), { exact: true });
    expect(await spaceFilter.locator('option').allInnerTexts()).toEqual([ev('list.allSpaces'), spaceName]);
    await expectAccessible(member);
    // A period the API does not serve: the dates cannot be read, and the filter still offers the space.
    await events.open('?start=2020-01-06');
    await member.getByText(ev('list.couldNotLoad')).waitFor();
    expect(await spaceFilter.locator('option').allInnerTexts()).toEqual([ev('list.allSpaces'), spaceName]);
    await events.open();

    await item.getByRole('link', { name: title }).click();
    await member.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(new URL(member.url()).pathname).toBe(eventPath);
    await waitForHydration(member);
    // The page names the space it belongs to, and links to it.
    expect(await member.getByRole('link', { name: spaceName }).getAttribute('href')).toBe(`/spaces/${spaceSlug}`);
    const rsvp = member.getByRole('region', { name: ev('details.rsvpTitle') });
    await submit(member, rsvp.getByRole('button', { name: ev('rsvp.going'), exact: true }));
    await member.getByTestId('rsvp-answer').filter({ hasText: ev('status.going') }).waitFor();
    // The series lists its next dates, each with its own answer.
    expect(await member.getByTestId('next-date').count()).toBeGreaterThan(0);
    await expectAccessible(member);

    await events.open();
    const after = await events.occurrence(title).first().innerText();
    expect(after).toContain('1 of 10 places taken');
    expect(after).toContain(ev('status.going'));
  }, 60_000);

  it('the host sees who is coming', async () => {
    await host.goto(`${web.url}${eventPath}`);
    await host.getByTestId('attendees').waitFor();
    expect(await host.getByTestId('attendees').innerText()).toContain(ev('rsvp.going'));
  });

  it('the agenda speaks Hungarian after switching language', async () => {
    const events = new EventsPage(member);
    await events.open();
    await new SiteHeader(member).switchLanguage('hu');
    await member.getByRole('heading', { level: 1, name: ev('list.title', 'hu') }).waitFor();
    const item = events.occurrence(title).first();
    const text = await item.innerText();
    expect(text).toContain(ev('kinds.community', 'hu'));
    expect(text).toContain(ev('status.going', 'hu'));
    // The day heading above the event, written the Hungarian way ("2026. december 1., kedd").
    const day = await item.evaluate((li) => li.closest('section')?.querySelector('h2')?.textContent ?? '');
    const startsOn = await member.evaluate(() => document.querySelector('[data-testid="occurrence"] a')?.getAttribute('href') ?? '');
    const occurrence = new URL(startsOn, web.url).searchParams.get('occurrence')!;
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date(occurrence));
    const expected = new Intl.DateTimeFormat('hu', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${localDay}T12:00:00Z`));
    expect(day).toContain(expected);
    expect(day).toMatch(/^(Ma · )?\d{4}\. /);
    await expectAccessible(member);
  }, 60_000);
});
