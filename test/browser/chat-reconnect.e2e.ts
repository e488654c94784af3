import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { phonePage, startBrowserStack, type BrowserStack } from '../support/browser.js';
import { call, connect } from '../support/sockets.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { t, waitForHydration } from './pages.js';

/**
 * Production's shape: the API behind the Redis adapter, which cannot replay what a connection
 * missed (connection-state recovery needs the in-process adapter). After a reconnect the chat
 * catches up on new messages by itself; edits and deletions it must read again.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SHOTS = process.env.SCREENSHOT_DIR;

let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;
let host: RegisteredUser;
let reader: RegisteredUser;
let space: { id: string; slug: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startBrowserStack({ env: { REDIS_URL } });
  ({ api, web, browser } = stack);
  host = await registerUser(api.url);
  reader = await registerUser(api.url, { locale: 'hu' });
  space = (await host.agent.post('/api/spaces').send({ name: `Kitchen table ${randomUUID().slice(0, 6)}`, description: 'Talk.', visibility: 'public' }).expect(201)).body;
  await reader.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
  for (const body of ['First thought', 'Second thought', 'Third thought']) {
    ids[body] = (await host.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body }).expect(201)).body.message.id;
  }
}, 240_000);

afterAll(() => stack?.stop());

const message = (page: Page, text: string) => page.getByTestId('message-list').getByTestId('message').filter({ hasText: text });

it('the API shares rooms through Redis, so there is no replay to lean on', async () => {
  expect(await (await fetch(`${api.url}/api/health`)).json()).toEqual(expect.objectContaining({ realtime: 'redis' }));
});

it('an edit, a deletion and a new message made while a phone was offline all reach it after the reconnect', async () => {
  const page = await phonePage(browser, web.url, reader.cookie, { lang: 'hu' });
  await page.goto(`${web.url}/spaces/${space.slug}`);
  await waitForHydration(page);
  await page.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();
  await message(page, 'Second thought').waitFor();

  await page.context().setOffline(true);
  await page.locator('[data-testid="chat-status"]:not([data-status="connected"])').waitFor();
  const other = await connect(api.url, { cookie: host.cookie });
  expect(await call(other, 'message:edit', { messageId: ids['Second thought'], body: 'Second thought, said better' })).toEqual(expect.objectContaining({ ok: true }));
  expect(await call(other, 'message:delete', { messageId: ids['First thought'] })).toEqual(expect.objectContaining({ ok: true }));
  expect(await call(other, 'message:send', { spaceId: space.id, clientId: randomUUID(), body: 'Fourth thought' })).toEqual(expect.objectContaining({ ok: true }));
  other.close();

  await page.context().setOffline(false);
  await page.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();
  await message(page, 'Fourth thought').waitFor();
  await message(page, 'Second thought, said better').waitFor();
  await message(page, t('hu', 'chat', 'deleted')).waitFor();
  expect(await message(page, 'First thought').count()).toBe(0);
  expect(await message(page, 'Third thought').count()).toBe(1);
  expect(await message(page, 'Fourth thought').count()).toBe(1);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/chat-reconnected-hu.png` });
  await page.context().close();
}, 60_000);
