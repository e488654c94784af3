import { createHash, randomUUID } from 'node:crypto';
import { startApi, type TestApi } from '../support/api-server.js';
import { awayFromApp } from '../support/push-receiver.js';
import { SmtpReceiver, headerOf, verificationToken } from '../support/smtp-receiver.js';
import { createSpace, sleep, until } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * The optional e-mail channel against a real SMTP server on loopback (smtp-server, with
 * credentials), each message parsed with mailparser, so the test reads what an inbox would show.
 * An address is confirmed by a link; e-mails follow push's rules (no words of direct messages,
 * previews only when asked, quiet hours, rights checked when sent); one-click unsubscribe works
 * without sign-in; a refusing server stops the sending. Without SMTP_URL none of it exists.
 */
const PUBLIC_URL = 'https://sorstars.test';
const receiver = new SmtpReceiver();
let api: TestApi;

beforeAll(async () => {
  await receiver.start();
  api = await startApi({
    env: {
      SMTP_URL: receiver.url,
      SMTP_FROM: 'Sorstárs <notify@sorstars.test>',
      PUBLIC_URL,
      NOTIFY_INTERVAL_MS: '200',
      NOTIFY_PUSH_DELAY_MS: '200',
      NOTIFY_EMAIL_DELAY_MS: '300',
      NOTIFY_EMAIL_WINDOW_MS: '2000',
      NOTIFY_EMAIL_RETRY_MS: '300',
      NOTIFY_EMAIL_MAX_REJECTIONS: '2',
      // Logs on, so the test can see that no address reaches them.
      LOG_LEVEL: 'info',
    },
  });
}, 60_000);
afterAll(async () => {
  await api?.stop();
  await receiver.stop();
});

let n = 0;
const uniqueAddress = (who: string) => `${who}.${Date.now().toString(36)}${++n}@example.org`;
const message = (who: RegisteredUser, spaceId: string, body: string) =>
  who.agent.post(`/api/spaces/${spaceId}/messages`).send({ clientId: randomUUID(), body }).expect(201);

/** Adds an address, confirms it from the e-mail, and turns e-mail on for the given categories. */
async function withEmail(who: RegisteredUser, categories: string[], address = uniqueAddress(who.user.username)): Promise<string> {
  await who.agent.put('/api/notifications/email').send({ address }).expect(202);
  const [mail] = await receiver.to(address, 1);
  await who.agent.post('/api/notifications/email/verify').send({ token: verificationToken(mail) }).expect(200);
  const channels = Object.fromEntries(categories.map((c) => [c, { inApp: true, push: true, email: true }]));
  await who.agent.put('/api/notifications/preferences').send({ channels }).expect(200);
  await awayFromApp(api, who);
  return address;
}

async function deliveries(userId: string) {
  return api.sql<{ status: string; reason: string | null; failures: number }>(
    `SELECT status, reason, failures FROM notification_deliveries WHERE user_id = $1 AND channel = 'email' ORDER BY id`,
    [userId],
  );
}


it('an address is confirmed by a link whose token is stored only as a hash; sends are throttled', async () => {
  const bob = await registerUser(api.url);
  expect((await bob.agent.get('/api/notifications/email').expect(200)).body).toEqual({ address: null, verified: false, failing: false, verificationSentAt: null });
  // E-mail is a column of the matrix, off until turned on.
  expect((await bob.agent.get('/api/notifications/preferences').expect(200)).body.channels.mentions).toEqual({ inApp: true, push: true, email: false });
  await bob.agent.put('/api/notifications/email').send({ address: 'not an address' }).expect(422);
  const address = uniqueAddress('bob');
  const put = await bob.agent.put('/api/notifications/email').send({ address }).expect(202);
  expect(put.body).toEqual(expect.objectContaining({ address, verified: false, verificationSent: true }));
  const [mail] = await receiver.to(address, 1);
  expect(mail.subject).toBe('Confirm your e-mail address for Sorstárs');
  expect(mail.from?.text).toContain('notify@sorstars.test');
  expect(mail.text).toContain(`${PUBLIC_URL}/notifications/email/verify?token=`);
  expect(mail.html).toContain('<a href="https://sorstars.test/notifications/email/verify?token=');
  const token = verificationToken(mail);
  const [row] = await api.sql<Record<string, unknown>>(`SELECT * FROM notification_emails WHERE user_id = $1`, [bob.user.id]);
  expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
  expect(JSON.stringify(row)).not.toContain(token);
  // A second link at once is refused with a wait.
  const again = await bob.agent.put('/api/notifications/email').send({ address }).expect(429);
  expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
  await bob.agent.post('/api/notifications/email/verify').send({ token: 'x'.repeat(43) }).expect(404);
  // Anyone holding the link confirms it (it may be opened on another device, signed out).
  await fetch(`${api.url}/api/notifications/email/verify`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) }).then((r) => expect(r.status).toBe(200));
  await bob.agent.post('/api/notifications/email/verify').send({ token }).expect(404);
  expect((await bob.agent.get('/api/notifications/email').expect(200)).body).toEqual({ address, verified: true, failing: false, verificationSentAt: null });
  // Removed at any time; nobody else can see or remove it.
  const eve = await registerUser(api.url);
  expect((await eve.agent.get('/api/notifications/email').expect(200)).body.address).toBeNull();
  await bob.agent.delete('/api/notifications/email').expect(204);
  expect(await api.sql(`SELECT 1 FROM notification_emails WHERE user_id = $1`, [bob.user.id])).toEqual([]);
  // The address never reached the logs.
  expect(api.output()).not.toContain(address);
});

it('a direct message by e-mail says only that there is one, with one-click unsubscribe headers', async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  const space = await createSpace(alice, {}, [bob]);
  const address = await withEmail(bob, ['direct_messages']);
  await bob.agent.put('/api/notifications/preferences').send({ previews: true }).expect(200);
  const conversation = await alice.agent.post('/api/conversations').send({ userId: bob.user.id }).expect((r) => expect(r.status).toBeLessThan(300));
  await message(alice, conversation.body.spaceId, 'my secret is in here');
  const [, mail] = await receiver.to(address, 2);
  expect(mail).toBeDefined();
  expect(mail.subject).toBe('New message in Sorstárs');
  expect(mail.text).toContain(`${PUBLIC_URL}/messages/${conversation.body.id}`);
  expect(mail.text).toContain(`${PUBLIC_URL}/notifications/settings`);
  for (const part of [mail.subject, mail.text, mail.html]) {
    expect(part).not.toContain('secret');
    expect(part).not.toContain(space.name);
    expect(part).not.toContain(alice.user.username);
  }
  expect(headerOf(mail, 'List-Unsubscribe')).toMatch(/^<https:\/\/sorstars\.test\/api\/notifications\/email\/unsubscribe\?u=[0-9a-f-]{36}&c=direct_messages&t=[\w-]+>$/);
  expect(headerOf(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  expect(await deliveries(bob.user.id)).toEqual([expect.objectContaining({ status: 'sent' })]);
});

it("mentions name the space only, unless previews are on; in the recipient's language", async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url, { locale: 'hu' });
  const space = await createSpace(alice, { name: `Helt Hjem Aarhus ${Date.now().toString(36)}` }, [bob]);
  const address = await withEmail(bob, ['mentions']);
  await message(alice, space.id, `@${bob.user.username} secret plans for Friday`);
  const [, plain] = await receiver.to(address, 2);
  expect(plain.subject).toBe(`Megemlítettek itt: ${space.name}`);
  expect(plain.text).not.toContain('secret');
  expect(plain.text).toContain('Megnyitás a Sorstársban');
  await bob.agent.put('/api/notifications/preferences').send({ previews: true }).expect(200);
  const other = await createSpace(alice, { name: `Second ${Date.now().toString(36)}` }, [bob]);
  await awayFromApp(api, bob);
  await message(alice, other.id, `@${bob.user.username} ${'the bus leaves from the square at nine, bring warm clothes '.repeat(10)}`);
  const [, , preview] = await receiver.to(address, 3);
  // The subject never carries the words; the body a short preview (100 characters at most).
  expect(preview.subject).toBe(`Megemlítettek itt: ${other.name}`);
  const line = (preview.text ?? '').split('\n').find((l) => l.includes('the bus leaves'));
  expect(line).toMatch(new RegExp(`^.+: @${bob.user.username} the bus leaves.*…$`));
  expect([...(line ?? '')].length).toBeLessThanOrEqual(100);
});

it('quiet hours hold an e-mail back; someone removed from the space meanwhile gets none', async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  const space = await createSpace(alice, {}, [bob]);
  const address = await withEmail(bob, ['mentions']);
  const hh = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
  const now = new Date().getUTCHours();
  await bob.agent.put('/api/notifications/preferences').send({ quietHours: { from: hh(now - 1), to: hh(now + 2), timezone: 'UTC' } }).expect(200);
  await message(alice, space.id, `@${bob.user.username} are you there?`);
  const [held] = await until(
    () => api.sql<{ available_at: Date; status: string }>(`SELECT available_at, status FROM notification_deliveries WHERE user_id = $1 AND channel = 'email'`, [bob.user.id]),
    (rows) => rows.length === 1 && new Date(rows[0].available_at).getTime() > Date.now() + 30 * 60_000,
  );
  expect(held.status).toBe('pending');
  expect(await receiver.to(address, 2, 1000)).toHaveLength(1);
  // Removed from the space while held back: when the quiet hours end, the check at sending stops it.
  await alice.agent.delete(`/api/spaces/${space.id}/members/${bob.user.id}`).expect((r) => expect(r.status).toBeLessThan(300));
  await awayFromApp(api, bob);
  await api.sql(`UPDATE notification_deliveries SET available_at = now() WHERE user_id = $1 AND channel = 'email'`, [bob.user.id]);
  const settled = await until(() => deliveries(bob.user.id), (rows) => rows.length > 0 && rows[0].status !== 'pending');
  expect(settled).toEqual([expect.objectContaining({ status: 'cancelled', reason: 'unreadable' })]);
  expect(await receiver.to(address, 2, 500)).toHaveLength(1);
});

it('one-click unsubscribe turns e-mail off for that category without sign-in; a forged link does nothing', async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  const space = await createSpace(alice, {}, [bob]);
  const address = await withEmail(bob, ['mentions', 'replies']);
  await message(alice, space.id, `@${bob.user.username} hello`);
  const [, mail] = await receiver.to(address, 2);
  const link = new URL(/^<(.+)>$/.exec(headerOf(mail, 'List-Unsubscribe'))![1]);
  const oneClick = (query: string) =>
    fetch(`${api.url}${link.pathname}?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  const forged = new URLSearchParams(link.search);
  forged.set('c', 'replies');
  expect((await oneClick(forged.toString())).status).toBe(404);
  forged.set('c', 'mentions');
  forged.set('t', 'A'.repeat(43));
  expect((await oneClick(forged.toString())).status).toBe(404);
  expect((await bob.agent.get('/api/notifications/preferences')).body.channels.mentions.email).toBe(true);
  const res = await oneClick(link.search.slice(1));
  expect(res.status).toBe(200);
  const prefs = (await bob.agent.get('/api/notifications/preferences')).body;
  expect(prefs.channels.mentions).toEqual({ inApp: true, push: true, email: false });
  expect(prefs.channels.replies.email).toBe(true);
  await sleep(2100);
  await message(alice, space.id, `@${bob.user.username} hello again`);
  await sleep(1500);
  expect(await receiver.to(address, 3, 500)).toHaveLength(2);
  expect(await deliveries(bob.user.id)).toHaveLength(1);
});

it('a conversation is one e-mail per window: what comes meanwhile is counted into the next', async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  const space = await createSpace(alice, { name: `Batch ${Date.now().toString(36)}` }, [bob]);
  const address = await withEmail(bob, ['mentions']);
  await message(alice, space.id, `@${bob.user.username} one`);
  await receiver.to(address, 2);
  for (const word of ['two', 'three', 'four']) await message(alice, space.id, `@${bob.user.username} ${word}`);
  const mails = await until(() => receiver.to(address, 3, 100), (m) => m.length >= 3, 10_000);
  await sleep(2500);
  const later = (await receiver.to(address, 3, 100)).slice(2);
  const counted = later.map((m) => Number(/^(\d+) /.exec(m.subject ?? '')?.[1] ?? 1)).reduce((a, b) => a + b, 0);
  expect(mails.length).toBeGreaterThanOrEqual(3);
  expect(counted).toBe(3);
  expect(later.length).toBeLessThan(3);
});

it('a refusing mail server (5xx) marks the address failing after two tries; a passing failure is retried', async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  const address = await withEmail(bob, ['mentions']);
  // A 451 goes back in the queue and arrives once the server takes it.
  receiver.deferring.add(address.toLowerCase());
  const first = await createSpace(alice, {}, [bob]);
  await message(alice, first.id, `@${bob.user.username} first`);
  await until(() => deliveries(bob.user.id), (rows) => rows[0]?.failures >= 1);
  receiver.deferring.delete(address.toLowerCase());
  const [, retried] = await receiver.to(address, 2);
  expect(retried).toBeDefined();
  expect(await until(() => deliveries(bob.user.id), (rows) => rows[0]?.status === 'sent')).toEqual([expect.objectContaining({ status: 'sent', failures: 1 })]);
  // Two 550s in a row: failing, and nothing more is queued for it.
  receiver.rejecting.add(address.toLowerCase());
  for (const [i, word] of ['second', 'third'].entries()) {
    const space = await createSpace(alice, {}, [bob]);
    await message(alice, space.id, `@${bob.user.username} ${word}`);
    await until(() => deliveries(bob.user.id), (rows) => rows.length === i + 2 && rows.at(-1)?.status === 'cancelled');
  }
  expect((await bob.agent.get('/api/notifications/email').expect(200)).body).toEqual(expect.objectContaining({ verified: true, failing: true }));
  const fourth = await createSpace(alice, {}, [bob]);
  await message(alice, fourth.id, `@${bob.user.username} fourth`);
  await sleep(800);
  expect((await deliveries(bob.user.id)).map((d) => d.reason)).toEqual([null, 'rejected', 'rejected']);
  receiver.rejecting.delete(address.toLowerCase());
});

it('no address, no e-mail, whatever the switches say', async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  const space = await createSpace(alice, {}, [bob]);
  await bob.agent.put('/api/notifications/preferences').send({ channels: { mentions: { inApp: true, push: true, email: true } } }).expect(200);
  await awayFromApp(api, bob);
  await message(alice, space.id, `@${bob.user.username} anyone?`);
  await sleep(1000);
  expect(await api.sql(`SELECT 1 FROM notifications WHERE user_id = $1`, [bob.user.id])).toHaveLength(1);
  expect(await deliveries(bob.user.id)).toEqual([]);
});

it('the address is in the export and goes with the account', async () => {
  const bob = await registerUser(api.url);
  const address = await withEmail(bob, ['mentions']);
  const exported = (await bob.agent.get('/api/me/export').expect(200)).body;
  expect(exported.notificationEmail).toEqual([expect.objectContaining({ address, verified_at: expect.any(String) })]);
  expect(JSON.stringify(exported)).not.toMatch(/token_hash|link_nonce/);
  await bob.agent.delete('/api/me').send({ password: bob.password, contributions: 'remove' }).expect(204);
  expect(await api.sql(`SELECT 1 FROM notification_emails WHERE user_id = $1`, [bob.user.id])).toEqual([]);
});

it('without SMTP_URL there is no e-mail: routes 404, no column, switches refused', async () => {
  const plain = await startApi({ env: { NOTIFY_INTERVAL_MS: '0' } });
  try {
    const bob = await registerUser(plain.url);
    await bob.agent.get('/api/notifications/email').expect(404);
    await bob.agent.put('/api/notifications/email').send({ address: 'bob@example.org' }).expect(404);
    const unsubscribe = await fetch(`${plain.url}/api/notifications/email/unsubscribe?u=${bob.user.id}&c=mentions&t=${'a'.repeat(43)}`, { method: 'POST' });
    expect(unsubscribe.status).toBe(404);
    expect((await bob.agent.get('/api/notifications/preferences').expect(200)).body.channels.mentions).toEqual({ inApp: true, push: true });
    await bob.agent.put('/api/notifications/preferences').send({ channels: { mentions: { inApp: true, push: true, email: true } } }).expect(422);
  } finally {
    await plain.stop();
  }
}, 60_000);
