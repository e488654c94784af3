import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectProblem, uniqueIp } from '../support/http.js';
import { closeAllSockets, connect, connectError, type ChatClient } from '../support/sockets.js';
import { registerUser, uniqueUsername, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

/**
 * Admins look after people from the web: search, a person's roles, sanctions and reports, role
 * changes and suspensions — every change in the platform moderation log, admins only.
 */
let api: TestApi;
let admin: RegisteredUser;
let admin2: RegisteredUser;
let member: RegisteredUser;
let staff: RegisteredUser;

const makeAdmins = (...who: RegisteredUser[]) => api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = ANY($1::uuid[])`, [who.map((w) => w.user.id)]);
const logOf = (userId: string) =>
  api.sql<{ action: string; role: string | null; reason: string | null; until: Date | null; actor_id: string; space_id: string | null }>(
    `SELECT action, role, reason, until, actor_id, space_id FROM moderation_actions WHERE subject_user_id = $1 ORDER BY created_at`,
    [userId],
  );
const rolesOf = async (userId: string) => (await api.sql<{ roles: string[] }>(`SELECT roles FROM users WHERE id = $1`, [userId]))[0].roles;
const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

beforeAll(async () => {
  api = await startApi();
  [admin, admin2, member, staff] = await Promise.all(Array.from({ length: 4 }, () => registerUser(api.url)));
  await makeAdmins(admin, admin2);
  await api.sql(`UPDATE users SET roles = '{member,org_staff}' WHERE id = $1`, [staff.user.id]);
}, 60_000);
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

describe('admin people', () => {
  it('only admins may search, read or change people: signed out 401, member and org_staff 403, nothing changes', async () => {
    const target = await registerUser(api.url);
    const anon = request(api.url);
    expectProblem(await anon.get('/api/admin/people'), 401, 'UNAUTHENTICATED');
    for (const who of [member, staff]) {
      expectProblem(await who.agent.get('/api/admin/people').query({ q: 'a' }), 403, 'FORBIDDEN');
      expectProblem(await who.agent.get(`/api/admin/people/${target.user.id}`), 403, 'FORBIDDEN');
      expectProblem(await who.agent.post(`/api/admin/people/${target.user.id}/roles`).send({ role: 'admin' }), 403, 'FORBIDDEN');
      expectProblem(await who.agent.delete(`/api/admin/people/${admin.user.id}/roles/admin`), 403, 'FORBIDDEN');
      expectProblem(await who.agent.post(`/api/admin/people/${target.user.id}/suspension`).send({ reason: 'no' }), 403, 'FORBIDDEN');
      expectProblem(await who.agent.post(`/api/admin/people/${target.user.id}/suspension/lift`).send({ reason: 'no' }), 403, 'FORBIDDEN');
    }
    expect(await rolesOf(target.user.id)).toEqual(['member']);
    expect(await rolesOf(admin.user.id)).toContain('admin');
    expect(await logOf(target.user.id)).toEqual([]);
  });

  it('searches by the start of a username, ignoring case and accents, page by page', async () => {
    const stem = uniqueUsername('zs').slice(0, 12);
    const names = [`${stem}Árvíz1`, `${stem}arviz2`, `${stem}ARVIZ3`, `${stem}other`];
    const people = await Promise.all(names.map((username) => registerUser(api.url, { username })));
    await api.sql(`UPDATE users SET status = 'deleted' WHERE id = $1`, [people[3].user.id]);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Json = (await admin.agent.get('/api/admin/people').query({ q: `${stem.toUpperCase()}árv`, limit: 2, ...(cursor && { cursor }) }).expect(200)).body;
      seen.push(...res.items.map((p: Json) => p.username));
      expect(res.items.length).toBeLessThanOrEqual(2);
      cursor = res.nextCursor;
      pages += 1;
    } while (cursor && pages < 5);
    expect(seen.sort()).toEqual(names.slice(0, 3).sort());
    expect(pages).toBe(2);
    // Wildcards typed into the box are letters.
    expect((await admin.agent.get('/api/admin/people').query({ q: `${stem}%` }).expect(200)).body.items).toEqual([]);
    expectFieldError(await admin.agent.get('/api/admin/people').query({ limit: 1000 }), 'limit', 422);
    expectProblem(await admin.agent.get('/api/admin/people/not-a-uuid'), 404, 'USER_NOT_FOUND');
    expectProblem(await admin.agent.get(`/api/admin/people/${people[3].user.id}`), 404, 'USER_NOT_FOUND');
  });

  it('grants and revokes roles, each change in the log; nobody changes their own roles; members stay members', async () => {
    const target = await registerUser(api.url);
    const granted: Json = (await admin.agent.post(`/api/admin/people/${target.user.id}/roles`).send({ role: 'safeguarding', reason: 'new lead' }).expect(200)).body;
    expect(granted.roles).toEqual(['member', 'safeguarding']);
    // Granting it again changes nothing and writes nothing.
    await admin.agent.post(`/api/admin/people/${target.user.id}/roles`).send({ role: 'safeguarding' }).expect(200);
    const revoked: Json = (await admin2.agent.delete(`/api/admin/people/${target.user.id}/roles/safeguarding`).expect(200)).body;
    expect(revoked.roles).toEqual(['member']);
    expect((await logOf(target.user.id)).map((l) => [l.action, l.role, l.reason, l.actor_id, l.space_id])).toEqual([
      ['grant_role', 'safeguarding', 'new lead', admin.user.id, null],
      ['revoke_role', 'safeguarding', null, admin2.user.id, null],
    ]);
    // The new role counts at once: the person's next request sees it.
    await admin.agent.post(`/api/admin/people/${target.user.id}/roles`).send({ role: 'admin' }).expect(200);
    await target.agent.get('/api/admin/people').expect(200);
    await admin.agent.delete(`/api/admin/people/${target.user.id}/roles/admin`).expect(200);
    expectProblem(await target.agent.get('/api/admin/people'), 403, 'FORBIDDEN');

    expectProblem(await admin.agent.delete(`/api/admin/people/${admin.user.id}/roles/admin`), 403, 'OWN_ACCOUNT');
    expectProblem(await admin.agent.post(`/api/admin/people/${admin.user.id}/roles`).send({ role: 'safeguarding' }), 403, 'OWN_ACCOUNT');
    expectProblem(await admin.agent.post(`/api/admin/people/${admin.user.id}/suspension`).send({ reason: 'me' }), 403, 'OWN_ACCOUNT');
    expectProblem(await admin.agent.delete(`/api/admin/people/${target.user.id}/roles/member`), 422, 'ACTION_NOT_ALLOWED');
    expectFieldError(await admin.agent.post(`/api/admin/people/${target.user.id}/roles`).send({ role: 'owner' }), 'role', 422);
    expectFieldError(await admin.agent.delete(`/api/admin/people/${target.user.id}/roles/owner`), 'role', 422);
    expect(await rolesOf(admin.user.id)).toContain('admin');
    expect(await rolesOf(target.user.id)).toEqual(['member']);
  });

  it('the last admin stays: two admins demoting each other at once — one wins, the other is refused; nobody demotes themselves', async () => {
    const [a, b] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    await makeAdmins(a, b);
    // Only a and b are admins during this test.
    await api.sql(`UPDATE users SET roles = '{member}' WHERE id = ANY($1::uuid[])`, [[admin.user.id, admin2.user.id]]);
    try {
      const [ab, ba] = await Promise.all([a.agent.delete(`/api/admin/people/${b.user.id}/roles/admin`), b.agent.delete(`/api/admin/people/${a.user.id}/roles/admin`)]);
      expect([ab.status, ba.status].sort()).toEqual([200, 403]);
      const [winner, loser] = ab.status === 200 ? [a, ba] : [b, ab];
      expectProblem(loser, 403, 'FORBIDDEN');
      const admins = await api.sql<{ id: string }>(`SELECT id FROM users WHERE 'admin' = ANY (roles) AND id = ANY($1::uuid[])`, [[a.user.id, b.user.id]]);
      expect(admins).toEqual([{ id: winner.user.id }]);
      // The one admin left cannot take the role from themselves, nor suspend themselves.
      expectProblem(await winner.agent.delete(`/api/admin/people/${winner.user.id}/roles/admin`), 403, 'OWN_ACCOUNT');
      expectProblem(await winner.agent.post(`/api/admin/people/${winner.user.id}/suspension`).send({ reason: 'tired' }), 403, 'OWN_ACCOUNT');
      expect(await rolesOf(winner.user.id)).toContain('admin');
      // Exactly one change reached the log.
      const lines = await api.sql(`SELECT 1 FROM moderation_actions WHERE action = 'revoke_role' AND subject_user_id = ANY($1::uuid[])`, [[a.user.id, b.user.id]]);
      expect(lines).toHaveLength(1);
    } finally {
      await makeAdmins(admin, admin2);
    }
  });

  it('a suspended admin can no longer act; suspending another admin is allowed while one admin remains', async () => {
    const [a, b] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    await makeAdmins(a, b);
    await a.agent.post(`/api/admin/people/${b.user.id}/suspension`).send({ reason: 'account taken over' }).expect(200);
    expectProblem(await b.agent.get('/api/admin/people'), 401, 'UNAUTHENTICATED');
    expect((await api.sql<{ status: string }>(`SELECT status FROM users WHERE id = $1`, [a.user.id]))[0].status).toBe('active');
    await a.agent.post(`/api/admin/people/${b.user.id}/suspension/lift`).send({ reason: 'recovered' }).expect(200);
  });

  it('suspending ends sessions, tokens and live sockets at once; lifting lets the person back in; both logged', async () => {
    const target = await registerUser(api.url);
    const token = (await target.agent.post('/api/auth/tokens').send({ name: 'phone' }).expect(201)).body.token as string;
    const socket: ChatClient = await connect(api.url, { cookie: target.cookie });
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(String(reason))));
    const until = inADay();

    expectFieldError(await admin.agent.post(`/api/admin/people/${target.user.id}/suspension`).send({ reason: '' }), 'reason', 422);
    expectFieldError(await admin.agent.post(`/api/admin/people/${target.user.id}/suspension`).send({ reason: 'x', until: '2001-01-01T00:00:00Z' }), 'until', 422);
    expect(await logOf(target.user.id)).toEqual([]);

    const suspended: Json = (await admin.agent.post(`/api/admin/people/${target.user.id}/suspension`).send({ reason: 'spam waves', until }).expect(200)).body;
    expect(suspended).toMatchObject({ status: 'suspended', suspendedUntil: until });
    expect(await disconnected).toBe('io server disconnect');
    expectProblem(await target.agent.get('/api/me'), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).get('/api/me').set('Authorization', `Bearer ${token}`), 401, 'UNAUTHENTICATED');
    expect(await connectError(api.url, { cookie: target.cookie })).toBeTruthy();
    expect(await api.sql(`SELECT 1 FROM sessions WHERE user_id = $1 UNION ALL SELECT 1 FROM access_tokens WHERE user_id = $1`, [target.user.id])).toEqual([]);
    const login = await request(api.url).post('/api/auth/login').set('X-Forwarded-For', uniqueIp()).send({ username: target.user.username, password: target.password });
    expectProblem(login, 403, 'ACCOUNT_SUSPENDED');

    const person: Json = (await admin2.agent.get(`/api/admin/people/${target.user.id}`).expect(200)).body;
    expect(person).toMatchObject({ status: 'suspended', suspendedUntil: until, roles: ['member'] });
    expect(person.history[0]).toMatchObject({ action: 'suspend', reason: 'spam waves', until, moderator: admin.user.username });

    expectFieldError(await admin2.agent.post(`/api/admin/people/${target.user.id}/suspension/lift`).send({}), 'reason', 422);
    const lifted: Json = (await admin2.agent.post(`/api/admin/people/${target.user.id}/suspension/lift`).send({ reason: 'talked it through' }).expect(200)).body;
    expect(lifted).toMatchObject({ status: 'active', suspendedUntil: null });
    expectProblem(await admin2.agent.post(`/api/admin/people/${target.user.id}/suspension/lift`).send({ reason: 'again' }), 422, 'ACTION_NOT_ALLOWED');
    const back = request.agent(api.url);
    await back.post('/api/auth/login').set('X-Forwarded-For', uniqueIp()).send({ username: target.user.username, password: target.password }).expect(200);
    expect((await logOf(target.user.id)).map((l) => [l.action, l.reason, l.actor_id])).toEqual([
      ['suspend', 'spam waves', admin.user.id],
      ['lift_suspension', 'talked it through', admin2.user.id],
    ]);
    // The person sees the suspension with its reason (to appeal); the lift is no sanction to appeal.
    const mine: Json = (await back.get('/api/moderation/mine').expect(200)).body;
    expect(mine.items.map((i: Json) => [i.action, i.reason])).toEqual([['suspend', 'spam waves']]);
  });

  it("a person's page shows their bans, mutes and the reports about them, never who reported", async () => {
    const [target, reporter] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    await reporter.agent.post('/api/reports').send({ targetType: 'user', targetId: target.user.id, reason: 'harassment', note: 'kept messaging me' }).expect(201);
    const space = (await admin.agent.post('/api/spaces').send({ name: `Kept ${Date.now()}`, description: 'x', visibility: 'public' }).expect(201)).body;
    await api.sql(`INSERT INTO space_bans (space_id, user_id, until, reason, banned_by) VALUES ($1, $2, NULL, 'rude', $3)`, [space.id, target.user.id, admin.user.id]);
    await api.sql(`INSERT INTO space_mutes (space_id, user_id, until) VALUES ($1, $2, now() + interval '1 hour')`, [space.id, target.user.id]);
    const person: Json = (await admin.agent.get(`/api/admin/people/${target.user.id}`).expect(200)).body;
    expect(person.bans).toEqual([{ spaceId: space.id, spaceName: space.name, until: null, reason: 'rude' }]);
    expect(person.mutes).toEqual([expect.objectContaining({ spaceId: space.id, spaceName: space.name })]);
    expect(person.reports).toEqual([expect.objectContaining({ targetType: 'user', status: 'open', reasons: ['harassment'] })]);
    expect(JSON.stringify(person)).not.toContain(reporter.user.username);
    expect(JSON.stringify(person)).not.toContain(reporter.user.id);
  });
});
