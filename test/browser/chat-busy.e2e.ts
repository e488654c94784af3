import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { phonePage, startBrowserStack, type BrowserStack } from '../support/browser.js';
import { call, connect, createSpace } from '../support/sockets.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { screenshot, t, waitForHydration } from './pages.js';

/**
 * Overload as a person meets it (issue 16): an API process refuses sends past its limit (after a
 * wait of at most CHAT_SEND_WAIT_MS for a place) with BUSY and a retry hint; the web chat keeps
 * the message as "sending" and resends it with the same clientId until it is taken, so nobody sees
 * an error and nothing is stored twice. The limit here is one send at once, and the test holds a
 * lock on the space's row (sends take it for the next sequence number): every other send is refused
 * for as long as it does. On the embedded database the first send waits for the lock and keeps the
 * one place; on a real Postgres the send line gives up on the lock after 200 ms and the space
 * refuses its sends with BUSY for a while (api/chat-send-line.e2e-spec.ts).
 */

let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;
let host: RegisteredUser;
let reader: RegisteredUser;
let space: { id: string; slug: string };

beforeAll(async () => {
  stack = await startBrowserStack({ env: { CHAT_SENDS_IN_FLIGHT: '1', CHAT_SEND_LIMIT: '1000' } });
  ({ api, web, browser } = stack);
  host = await registerUser(api.url);
  reader = await registerUser(api.url, { locale: 'da' });
  space = await createSpace(host, { name: `Busy kitchen ${randomUUID().slice(0, 6)}` }, [reader]);
}, 240_000);

afterAll(() => stack?.stop());

it('a send refused as BUSY stays "sending" on the phone and lands once when the server has room', async () => {
  const page = await phonePage(browser, web.url, reader.cookie, { lang: 'da' });
  await page.goto(`${web.url}/spaces/${space.slug}`);
  await waitForHydration(page);
  await page.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();

  // The one send slot, taken by the host's send, which waits on the locked space row (on a real
  // Postgres for 200 ms: the space's sends are refused after that, for a second, then longer
  // while the lock is found still held).
  const lock = new pg.Client({ connectionString: api.databaseUrl() });
  await lock.connect();
  const hostSocket = await connect(api.url, { cookie: host.cookie });
  try {
    await lock.query('BEGIN');
    await lock.query('SELECT 1 FROM spaces WHERE id = $1 FOR UPDATE', [space.id]);
    const held = call(hostSocket, 'message:send', { spaceId: space.id, clientId: randomUUID(), body: 'Held at the door' }, 30_000);
    // On the same socket, so the server takes it after the held send has its slot.
    const busy = () => call(hostSocket, 'message:send', { spaceId: space.id, clientId: randomUUID(), body: 'probe' });
    expect(await busy()).toEqual(expect.objectContaining({ ok: false, error: 'BUSY', retryAfterMs: expect.any(Number) }));

    const text = `Kommer den igennem ${randomUUID().slice(0, 6)}`;
    const box = page.getByLabel(t('da', 'chat', 'composer.label'), { exact: true });
    await box.fill(text);
    await box.press('Enter');
    const pending = page.getByTestId('pending-message').filter({ hasText: text });
    await pending.getByTestId('pending-state').filter({ hasText: t('da', 'chat', 'composer.sending') }).waitFor();
    // Refused and tried again for a while (a full process hints ¼–½ s, waited longer each try; a
    // held space hints its hold's time left, waited as it is): still "sending", no error shown,
    // nothing stored.
    await page.waitForTimeout(1_500);
    expect(await busy()).toEqual(expect.objectContaining({ ok: false, error: 'BUSY' }));
    await expect(pending.getByTestId('pending-state').innerText()).resolves.toBe(t('da', 'chat', 'composer.sending'));
    expect(await page.getByRole('alert').filter({ hasText: t('da', 'chat', 'composer.notSent') }).count()).toBe(0);
    expect((await lock.query('SELECT count(*)::int AS n FROM messages WHERE body = $1', [text])).rows).toEqual([{ n: 0 }]);
    await screenshot(page, 'chat-busy-sending-da', { fullPage: false });

    await lock.query('COMMIT');
    expect(await held).toEqual(expect.objectContaining(api.database.kind === 'embedded' ? { ok: true } : { ok: false, error: 'BUSY' }));
    // On a real Postgres the client waits out the space's hold, which grew (1, 2, 4 s…) while the lock lasted.
    await page.getByTestId('message-list').getByTestId('message').filter({ hasText: text }).waitFor({ timeout: 30_000 });
    expect(await pending.count()).toBe(0);
    expect((await lock.query('SELECT count(*)::int AS n FROM messages WHERE body = $1', [text])).rows).toEqual([{ n: 1 }]);
    expect((await lock.query(`SELECT count(*)::int AS n FROM messages WHERE space_id = $1 AND body = 'probe'`, [space.id])).rows).toEqual([{ n: 0 }]);
    await screenshot(page, 'chat-busy-sent-da', { fullPage: false });
  } finally {
    await lock.query('ROLLBACK').catch(() => undefined);
    await lock.end();
    hostSocket.close();
    await page.context().close();
  }
}, 90_000);

/** The space's chat on the reader's phone, connected, with a first message of theirs sent; its composer. */
async function openChatAndSend(page: Page, first: string) {
  await page.goto(`${web.url}/spaces/${space.slug}`);
  await waitForHydration(page);
  await page.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();
  const box = page.getByLabel(t('da', 'chat', 'composer.label'), { exact: true });
  await box.fill(first);
  await box.press('Enter');
  await page.getByTestId('message-list').getByTestId('message').filter({ hasText: first }).waitFor();
  return box;
}

/**
 * A test on the reader's phone with a database client at hand, for tests that turn slow mode on:
 * afterwards slow mode is off again and both are closed, whatever happened.
 */
async function inSlowModeTest(run: (page: Page, db: pg.Client) => Promise<void>) {
  const page = await phonePage(browser, web.url, reader.cookie, { lang: 'da' });
  const db = new pg.Client({ connectionString: api.databaseUrl() });
  await db.connect();
  try {
    await run(page, db);
  } finally {
    await db.query('UPDATE spaces SET slow_mode_seconds = 0 WHERE id = $1', [space.id]).catch(() => undefined);
    await db.end();
    await page.context().close();
  }
}

it('a refused send goes back into the composer to be changed, or is dropped; nothing is stored', () =>
  inSlowModeTest(async (page, db) => {
    const box = await openChatAndSend(page, `Første ${randomUUID().slice(0, 6)}`);

    // Slow mode from now on: the reader's next message is refused (SLOW_MODE), not stored.
    await db.query('UPDATE spaces SET slow_mode_seconds = 600 WHERE id = $1', [space.id]);
    const second = `Anden ${randomUUID().slice(0, 6)}`;
    await box.fill(second);
    await box.press('Enter');
    const refused = page.getByTestId('pending-message').filter({ hasText: second });
    await refused.getByRole('alert').waitFor();
    await expect(box.inputValue()).resolves.toBe('');
    await screenshot(page, 'chat-refused-da', { fullPage: false });

    await refused.getByRole('button', { name: t('da', 'chat', 'composer.editRefused'), exact: true }).click();
    await expect(box.inputValue()).resolves.toBe(second);
    expect(await refused.count()).toBe(0);

    // Sent again, refused again, and this time dropped.
    await box.press('Enter');
    await refused.getByRole('alert').waitFor();
    await refused.getByRole('button', { name: t('da', 'chat', 'composer.discard'), exact: true }).click();
    expect(await refused.count()).toBe(0);
    expect((await db.query('SELECT count(*)::int AS n FROM messages WHERE body = $1', [second])).rows).toEqual([{ n: 0 }]);
  }), 90_000);

it('a send refused for slow mode counts down on "Try again", which sends it once the wait is over', () =>
  inSlowModeTest(async (page, db) => {
    // What the page sends on its socket, to see that a press during the wait sends nothing.
    const sent: string[] = [];
    page.on('websocket', (socket) => socket.on('framesent', (frame) => sent.push(String(frame.payload))));
    const box = await openChatAndSend(page, `Tredje ${randomUUID().slice(0, 6)}`);

    // Slow mode, and the reader's last message as if sent 594 of its 600 seconds ago: about 6 seconds to wait.
    await db.query('UPDATE spaces SET slow_mode_seconds = 600 WHERE id = $1', [space.id]);
    await db.query(`UPDATE messages SET created_at = now() - interval '594 seconds' WHERE space_id = $1 AND author_id = $2`, [space.id, reader.user.id]);
    const second = `Fjerde ${randomUUID().slice(0, 6)}`;
    await box.fill(second);
    await box.press('Enter');
    const refused = page.getByTestId('pending-message').filter({ hasText: second });
    await refused.getByRole('alert').waitFor();
    // The button keeps its name; the wait, counting down beside it, is its description.
    const retry = refused.getByRole('button', { name: t('da', 'chat', 'composer.retry'), exact: true });
    expect(await retry.getAttribute('aria-disabled')).toBe('true');
    const wait = refused.getByTestId('pending-wait');
    expect(await wait.textContent()).toMatch(/^Du kan prøve igen om [1-6] sekund(er)?\.$/);
    expect(await retry.getAttribute('aria-describedby')).toContain(String(await wait.getAttribute('id')));
    await screenshot(page, 'chat-slow-mode-countdown-da', { fullPage: false });

    // Pressed during the wait, it sends nothing (no send on the socket) and says how long is left.
    // (Playwright itself waits for an aria-disabled button to be enabled, hence force.)
    const sendsBefore = sent.filter((frame) => frame.includes('"message:send"')).length;
    expect(sendsBefore).toBe(2); // the listener sees the socket: the first message and the refused one
    await retry.click({ force: true });
    await page.getByTestId('chat-announcer').filter({ hasText: /Du kan prøve igen om/ }).waitFor();
    expect(sent.filter((frame) => frame.includes('"message:send"')).length).toBe(sendsBefore);
    expect(await refused.getByRole('alert').count()).toBe(1);

    // The wait over, the button is enabled again and sends the message, once.
    await wait.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await retry.getAttribute('aria-disabled')).toBeNull();
    await retry.click();
    await page.getByTestId('message-list').getByTestId('message').filter({ hasText: second }).waitFor();
    expect(await refused.count()).toBe(0);
    expect((await db.query('SELECT count(*)::int AS n FROM messages WHERE body = $1', [second])).rows).toEqual([{ n: 1 }]);
  }), 90_000);
