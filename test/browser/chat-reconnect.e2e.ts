import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { phonePage, startBrowserStack, type BrowserStack } from '../support/browser.js';
import { call, connect, until } from '../support/sockets.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { screenshot, t, waitForHydration } from './pages.js';

/**
 * Production's shape: the API behind the Redis adapter. No API replays what a connection missed
 * (a reconnect is a fresh connection): after one, the chat catches up on new messages by itself;
 * edits and deletions it must read again.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;
let host: RegisteredUser;
let reader: RegisteredUser;
let dane: RegisteredUser;
let space: { id: string; slug: string };
let longTalk: { id: string; slug: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  // One author writes a long history for "load earlier" (a page is 50), faster than people may.
  stack = await startBrowserStack({ env: { REDIS_URL, CHAT_SEND_LIMIT: '100' } });
  ({ api, web, browser } = stack);
  host = await registerUser(api.url);
  reader = await registerUser(api.url, { locale: 'hu' });
  space = (await host.agent.post('/api/spaces').send({ name: `Kitchen table ${randomUUID().slice(0, 6)}`, description: 'Talk.', visibility: 'public' }).expect(201)).body;
  await reader.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
  for (const body of ['First thought', 'Second thought', 'Third thought']) {
    ids[body] = (await host.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body }).expect(201)).body.message.id;
  }
  longTalk = (await host.agent.post('/api/spaces').send({ name: `Long talk ${randomUUID().slice(0, 6)}`, description: 'Talk.', visibility: 'public' }).expect(201)).body;
  dane = await registerUser(api.url, { locale: 'da' });
  await dane.agent.post(`/api/spaces/${longTalk.id}/join`).send({}).expect(200);
  for (let n = 1; n <= 55; n++) {
    await host.agent.post(`/api/spaces/${longTalk.id}/messages`).send({ clientId: randomUUID(), body: `Long talk, part ${n}.` }).expect(201);
  }
}, 240_000);

afterAll(() => stack?.stop());

const message = (page: Page, text: string) => page.getByTestId('message-list').getByTestId('message').filter({ hasText: text });
const connected = (page: Page) => page.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();

/** A phone with the space's chat open and live; errors thrown in the page are collected. */
async function openChat(user: RegisteredUser, lang: string, slug: string) {
  const page = await phonePage(browser, web.url, user.cookie, { lang });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${web.url}/spaces/${slug}`);
  await waitForHydration(page);
  await connected(page);
  return { page, pageErrors };
}

it('the API shares rooms through Redis, so there is no replay to lean on', async () => {
  expect(await (await fetch(`${api.url}/api/health`)).json()).toEqual(expect.objectContaining({ realtime: 'redis' }));
});

it('an edit, a deletion and a new message made while a phone was offline all reach it after the reconnect', async () => {
  const { page } = await openChat(reader, 'hu', space.slug);
  await message(page, 'Second thought').waitFor();

  await page.context().setOffline(true);
  await page.locator('[data-testid="chat-status"]:not([data-status="connected"])').waitFor();
  const other = await connect(api.url, { cookie: host.cookie });
  expect(await call(other, 'message:edit', { messageId: ids['Second thought'], body: 'Second thought, said better' })).toEqual(expect.objectContaining({ ok: true }));
  expect(await call(other, 'message:delete', { messageId: ids['First thought'] })).toEqual(expect.objectContaining({ ok: true }));
  expect(await call(other, 'message:send', { spaceId: space.id, clientId: randomUUID(), body: 'Fourth thought' })).toEqual(expect.objectContaining({ ok: true }));
  other.close();

  await page.context().setOffline(false);
  await connected(page);
  await message(page, 'Fourth thought').waitFor();
  await message(page, 'Second thought, said better').waitFor();
  await message(page, t('hu', 'chat', 'deleted')).waitFor();
  expect(await message(page, 'First thought').count()).toBe(0);
  expect(await message(page, 'Third thought').count()).toBe(1);
  expect(await message(page, 'Fourth thought').count()).toBe(1);
  await screenshot(page, 'chat-reconnected-hu', { fullPage: false });
  await page.context().close();
}, 60_000);

it('offline, the chat’s background requests fail quietly: the chat stays, and they work once the network is back', async () => {
  const { page, pageErrors } = await openChat(reader, 'hu', space.slug);
  const typing = page.locator('#show-typing');
  const before = await typing.isChecked();

  await page.context().setOffline(true);
  await page.locator('[data-testid="chat-status"]:not([data-status="connected"])').waitFor();
  await typing.click();
  // The choice could not be saved: it goes back, and the chat says why.
  await page.getByTestId('chat-request-failed').waitFor();
  expect(await typing.isChecked()).toBe(before);
  expect(await page.getByText(t('hu', 'common', 'error.title')).count()).toBe(0);
  await message(page, 'Third thought').waitFor();
  await screenshot(page, 'chat-offline-request-hu', { fullPage: false });

  await page.context().setOffline(false);
  await connected(page);
  await typing.click();
  const saved = await until(async () => (await reader.agent.get(`/api/spaces/${space.id}`).expect(200)).body.membership.showTyping, (value) => value === !before);
  expect(saved).toBe(!before);
  expect(await typing.isChecked()).toBe(!before);
  await page.getByTestId('chat-request-failed').waitFor({ state: 'detached' });
  expect(pageErrors).toEqual([]);
  await page.context().close();
}, 60_000);

it('offline, "load earlier" says it needs a connection and keeps its button; back online it loads', async () => {
  const { page, pageErrors } = await openChat(dane, 'da', longTalk.slug);
  await message(page, 'Long talk, part 55.').waitFor();
  expect(await message(page, 'Long talk, part 1.').count()).toBe(0);
  const earlier = page.getByRole('button', { name: t('da', 'chat', 'loadEarlier') });

  await page.context().setOffline(true);
  await earlier.click();
  await page.getByTestId('chat-request-failed').waitFor();
  expect(await page.getByText(t('da', 'common', 'error.title')).count()).toBe(0);
  await earlier.waitFor();
  await screenshot(page, 'chat-offline-earlier-da', { fullPage: false });

  await page.context().setOffline(false);
  await connected(page);
  await earlier.click();
  await message(page, 'Long talk, part 1.').waitFor();
  expect(await page.getByTestId('chat-request-failed').count()).toBe(0);
  expect(await message(page, 'Long talk, part 55.').count()).toBe(1);
  expect(pageErrors).toEqual([]);
  await page.context().close();
}, 60_000);
