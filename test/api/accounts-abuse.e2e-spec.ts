/**
 * What an attacker tries against accounts: racing the login throttle with parallel guesses,
 * locking the owner out of their own account, keeping access through a token after the owner
 * recovered the account, minting accounts in bulk and hiding others' stories with new accounts.
 */
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { startWeb, type TestWeb } from '../support/web-server.js';
import { expectProblem, uniqueIp } from '../support/http.js';
import { registerUser, sessionCookie, strongPassword, uniqueUsername, type RegisteredUser } from '../support/users.js';

const PER_USERNAME = 5;
const PER_IP = 8;
const REGISTER_PER_IP = 4;
const PARALLEL = 40;

let api: TestApi;
let web: TestWeb;
beforeAll(async () => {
  api = await startApi({
    env: {
      LOGIN_LIMIT_PER_USERNAME: String(PER_USERNAME),
      LOGIN_LIMIT_PER_IP: String(PER_IP),
      LOGIN_LIMIT_WINDOW_SECONDS: '900',
      REGISTER_LIMIT_PER_IP: String(REGISTER_PER_IP),
    },
  });
  web = await startWeb(api.url);
}, 120_000);
afterAll(async () => {
  await web?.stop();
  await api?.stop();
});

const login = (body: { username: string; password: string }, ip = uniqueIp(), cookie?: string) => {
  const req = request(api.url).post('/api/auth/login').set('X-Forwarded-For', ip);
  return (cookie ? req.set('Cookie', cookie) : req).send(body);
};
const register = (ip: string) =>
  request(api.url).post('/api/auth/register').set('X-Forwarded-For', ip).send({ username: uniqueUsername('bulk'), password: strongPassword() });
/** The `device=...` pair a sign-in set, or null. */
const deviceCookie = (res: { headers: Record<string, unknown> }) =>
  ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('device='))?.split(';')[0] ?? null;
const statuses = (answers: { status: number }[]) => answers.reduce<Record<number, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});

describe('the login throttle counts before it checks (no race)', () => {
  it(`${PARALLEL} parallel guesses for one name: only ${PER_USERNAME} are evaluated, the rest answer 429`, async () => {
    const { user, password } = await registerUser(api.url);
    const answers = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => login({ username: user.username, password: `guess-${i}-wrong` })));
    expect(statuses(answers)).toEqual({ 401: PER_USERNAME, 429: PARALLEL - PER_USERNAME });
    // The right password from a stranger now waits too.
    expectProblem(await login({ username: user.username, password }), 429, 'LOGIN_THROTTLED');
  });

  it(`${PARALLEL} parallel guesses with the right password among them: it is refused unless among the first ${PER_USERNAME} counted`, async () => {
    const { user, password } = await registerUser(api.url);
    const bodies = Array.from({ length: PARALLEL }, (_, i) => ({ username: user.username, password: i === PARALLEL - 1 ? password : `guess-${i}-wrong` }));
    const answers = await Promise.all(bodies.map((b) => login(b)));
    const evaluated = answers.filter((r) => r.status !== 429).length;
    expect(evaluated).toBeLessThanOrEqual(PER_USERNAME);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(PARALLEL - evaluated);
  });

  it(`${PARALLEL} parallel guesses from one address at different names: only ${PER_IP} are evaluated`, async () => {
    const ip = uniqueIp();
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => login({ username: uniqueUsername('spray'), password: 'guess-wrong-1' }, ip)));
    expect(statuses(answers)).toEqual({ 401: PER_IP, 429: PARALLEL - PER_IP });
  });

  it('a correct password does not use up the address budget', async () => {
    const ip = uniqueIp();
    const people = await Promise.all(Array.from({ length: PER_IP + 2 }, () => registerUser(api.url)));
    for (const p of people) await login({ username: p.user.username, password: p.password }, ip).expect(200);
  });
});

describe('strangers cannot lock the owner out (device cookies)', () => {
  it('the owner’s browser still signs in while strangers are throttled; a throttled stranger is told when and about recovery codes', async () => {
    const { user, password } = await registerUser(api.url);
    const first = await login({ username: user.username, password }).expect(200);
    const device = deviceCookie(first);
    expect(device).toBeTruthy();
    expect(first.headers['set-cookie']!.toString()).toMatch(/device=[^;]+;.*HttpOnly/i);

    // An attacker spends the strangers' budget for the name, from many addresses.
    for (let i = 0; i < PER_USERNAME; i++) await login({ username: user.username, password: `attacker-${i}-guess` }).expect(401);
    const refused = await login({ username: user.username, password }).set('Accept-Language', 'en');
    const problem = expectProblem(refused, 429, 'LOGIN_THROTTLED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(problem.detail).toMatch(/in \d+ minutes?/);
    expect(problem.detail).toMatch(/recovery codes still work/);
    const hungarian = expectProblem(await login({ username: user.username, password }).set('Accept-Language', 'hu'), 429, 'LOGIN_THROTTLED');
    expect(hungarian.detail).toMatch(/\d+ perc múlva/);

    // The owner's browser has its own budget: the right password gets in.
    const owner = await login({ username: user.username, password }, uniqueIp(), device!).expect(200);
    expect(sessionCookie(owner)).toBeTruthy();
    expect(deviceCookie(owner)).toBeTruthy();
  });

  it('a device cookie has a budget of its own, is bound to its account and cannot be forged', async () => {
    const { user, password } = await registerUser(api.url);
    const other = await registerUser(api.url);
    const device = deviceCookie(await login({ username: user.username, password }).expect(200))!;

    // Someone holding the device (a stolen cookie) gets the same small budget, no more.
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => login({ username: user.username, password: `stolen-${i}-guess` }, uniqueIp(), device)));
    expect(statuses(guesses)).toEqual({ 401: PER_USERNAME, 429: 12 - PER_USERNAME });

    // Another account's budget is not this device's: strangers' budget for it is used up ...
    for (let i = 0; i < PER_USERNAME; i++) await login({ username: other.user.username, password: `x-${i}-guess-wrong` }).expect(401);
    // ... and this device does not count as the other account's device.
    expectProblem(await login({ username: other.user.username, password: other.password }, uniqueIp(), device), 429, 'LOGIN_THROTTLED');
    // A tampered cookie is a stranger's.
    const [nonce, tag] = device.slice('device='.length).split('.');
    const forged = `device=${nonce}.${tag}.${'A'.repeat(43)}`;
    expectProblem(await login({ username: other.user.username, password: other.password }, uniqueIp(), forged), 429, 'LOGIN_THROTTLED');
  });

  it('registration makes the browser a device of the new account', async () => {
    const { user, password, agent } = await registerUser(api.url);
    for (let i = 0; i < PER_USERNAME; i++) await login({ username: user.username, password: `y-${i}-guess-wrong` }).expect(401);
    // The agent carries the cookies registration set (session and device), as a browser would.
    await agent.post('/api/auth/logout').expect(204);
    await agent.post('/api/auth/login').set('X-Forwarded-For', uniqueIp()).send({ username: user.username, password }).expect(200);
  });
});

describe('the web login page', () => {
  /** The login form as a browser without JavaScript posts it. */
  const webLogin = (username: string, password: string, cookie?: string) =>
    fetch(`${web.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: web.url,
        'X-Forwarded-For': uniqueIp(),
        'Accept-Language': 'en',
        ...(cookie && { Cookie: cookie }),
      },
      body: new URLSearchParams({ username, password, redirectTo: '/' }),
    });

  it('passes the device cookie both ways, tells a throttled stranger when and about recovery codes, and lets the owner in', async () => {
    const { user, password } = await registerUser(api.url);
    const first = await webLogin(user.username, password);
    expect(first.status).toBe(302);
    const device = first.headers.getSetCookie().find((c) => c.startsWith('device='))?.split(';')[0];
    expect(device).toBeTruthy();

    for (let i = 0; i < PER_USERNAME; i++) await login({ username: user.username, password: `z-${i}-guess-wrong` }).expect(401);
    const refused = await webLogin(user.username, password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const page = await refused.text();
    expect(page).toMatch(/You can try again in \d+ minutes?\./);
    expect(page).toContain('Your recovery codes still work');

    const owner = await webLogin(user.username, password, device);
    expect(owner.status).toBe(302);
    expect(owner.headers.getSetCookie().some((c) => c.startsWith('sid='))).toBe(true);
  });
});

describe('the web pages after recovery and password change', () => {
  const ENDED = 'You have been logged out everywhere else. Your personal access tokens and your calendar address no longer work';
  const post = (route: string, fields: Record<string, string>, cookie?: string) =>
    fetch(`${web.url}${route}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: web.url, 'Accept-Language': 'en', 'X-Forwarded-For': uniqueIp(), ...(cookie && { Cookie: cookie }) },
      body: new URLSearchParams(fields),
    });

  it('say that every other session, the access tokens and the calendar address were ended', async () => {
    const who = await registerUser(api.url);
    const recovered = await post('/forgot-password', { username: who.user.username, recoveryCode: who.recoveryCodes[0], newPassword: strongPassword() });
    expect(recovered.status).toBe(302);
    const cookie = recovered.headers.getSetCookie().find((c) => c.startsWith('sid='))!.split(';')[0];
    const account = await fetch(`${web.url}${recovered.headers.get('location')}`, { headers: { Cookie: cookie, 'Accept-Language': 'en' } });
    expect(await account.text()).toContain(ENDED);

    const other = await registerUser(api.url);
    const changed = await post('/account', { intent: 'password', currentPassword: other.password, newPassword: strongPassword() }, other.cookie);
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain(ENDED);
  });
});

describe('recovery and password change end every other credential', () => {
  async function credentials(who: RegisteredUser) {
    const token = (await who.agent.post('/api/auth/tokens').send({ name: 'phone app' }).expect(201)).body.token as string;
    const feed = (await who.agent.post('/api/me/calendar-feed').expect(201)).body as { path: string };
    const otherSession = sessionCookie(await login({ username: who.user.username, password: who.password }).expect(200))!;
    await request(api.url).get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    await request(api.url).get(feed.path).expect(200);
    return { token, feed, otherSession };
  }
  async function expectAllEnded({ token, feed, otherSession }: Awaited<ReturnType<typeof credentials>>) {
    expectProblem(await request(api.url).get('/api/me').set('Authorization', `Bearer ${token}`), 401, 'UNAUTHENTICATED');
    expect((await request(api.url).get(feed.path)).status).toBeGreaterThanOrEqual(400);
    expectProblem(await request(api.url).get('/api/me').set('Cookie', otherSession), 401, 'UNAUTHENTICATED');
  }

  it('recovery ends other sessions, access tokens and the calendar feed address, and says so', async () => {
    const who = await registerUser(api.url);
    const held = await credentials(who);
    const res = await request(api.url)
      .post('/api/auth/recover')
      .set('X-Forwarded-For', uniqueIp())
      .send({ username: who.user.username, recoveryCode: who.recoveryCodes[0], newPassword: strongPassword() })
      .expect(200);
    // Registration's session and the second login's, one token, the feed.
    expect(res.body.ended).toEqual({ sessions: 2, tokens: 1, calendarFeed: true });
    await expectAllEnded(held);
    await request(api.url).get('/api/me').set('Cookie', sessionCookie(res)!).expect(200);
  });

  it('a password change ends them too, keeping only the session that made the change', async () => {
    const who = await registerUser(api.url);
    const held = await credentials(who);
    const res = await who.agent.post('/api/me/password').send({ currentPassword: who.password, newPassword: strongPassword() }).expect(200);
    expect(res.body).toEqual({ ended: { sessions: 1, tokens: 1, calendarFeed: true } });
    await expectAllEnded(held);
    await who.agent.get('/api/me').expect(200);
  });
});

describe('anti-automation', () => {
  it(`registration is throttled per address (${REGISTER_PER_IP} here), counted atomically; other addresses are not affected`, async () => {
    const ip = uniqueIp();
    const answers = await Promise.all(Array.from({ length: 12 }, () => register(ip)));
    expect(statuses(answers)).toEqual({ 201: REGISTER_PER_IP, 429: 12 - REGISTER_PER_IP });
    const refused = answers.find((r) => r.status === 429)!;
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await register(uniqueIp()).expect(201);
  });

  it('reports from accounts younger than a day reach the queue but do not hide a story; established reporters still can', async () => {
    const author = await registerUser(api.url);
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'How I found a home.' }] }] };
    const story = (
      await author.agent.post('/api/stories').send({ title: 'My way home', content: doc, contentWarnings: [], visibility: 'public', language: 'en', status: 'published' }).expect(201)
    ).body;
    const fresh = await Promise.all(Array.from({ length: 3 }, () => registerUser(api.url)));
    for (const who of fresh) {
      const res = await who.agent.post('/api/reports').send({ targetType: 'story', targetId: story.id, reason: 'spam' }).expect(201);
      expect(res.body.autoHidden).toBe(false);
    }
    await request(api.url).get(`/api/stories/${story.id}`).expect(200);
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM reports r JOIN review_items i ON i.id = r.review_item_id WHERE i.target_id = $1`, [story.id]);
    expect(n).toBe(3);

    const established = await Promise.all(Array.from({ length: 3 }, () => registerUser(api.url)));
    await api.sql(`UPDATE users SET created_at = now() - interval '25 hours' WHERE id = ANY($1)`, [established.map((w) => w.user.id)]);
    const answers = [];
    for (const who of established) answers.push((await who.agent.post('/api/reports').send({ targetType: 'story', targetId: story.id, reason: 'spam' }).expect(201)).body.autoHidden);
    expect(answers).toEqual([false, false, true]);
  });
});
