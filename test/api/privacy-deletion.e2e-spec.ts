/**
 * DELETE /api/me leaves no trace: with `anonymise` the words stay without a name, with `remove`
 * they go; either way sessions, tokens and sockets end at once, spaces keep a host, the name is
 * reserved until the purge, and the purge (30 days on, at start) removes the rest.
 */
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { createOrganization } from '../support/directory.js';
import { expectProblem, uniqueIp } from '../support/http.js';
import { call, closeAllSockets, connectAndJoin, connectError, sleep } from '../support/sockets.js';
import { registerUser, strongPassword, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

let api: TestApi;
let restarted: TestApi | null = null;
let moderator: RegisteredUser;
let member: RegisteredUser;
let admin: RegisteredUser;

const text = (t: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] });
const week = new Date(Date.now() + 7 * 86_400_000);

interface World {
  tag: string;
  leaver: RegisteredUser;
  token: string;
  space: Json;
  messages: string[];
  story: Json;
  othersStory: Json;
  comment: Json;
  event: Json;
}

/**
 * A person who hosts a space alone (with a moderator and a member in it), writes messages, a
 * story and a comment, RSVPs, reports and is reported, and is blocked by the member.
 */
async function world(): Promise<World> {
  const leaver = await registerUser(api.url);
  const tag = crypto.randomUUID().slice(0, 8);
  const { token } = (await leaver.agent.post('/api/auth/tokens').send({ name: 'bot' }).expect(201)).body;
  const space = (await leaver.agent.post('/api/spaces').send({ name: `Leaving ${crypto.randomUUID().slice(0, 6)}`, description: 'Peers', visibility: 'public' }).expect(201)).body;
  for (const who of [moderator, member]) await who.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true }).expect(200);
  await leaver.agent.patch(`/api/spaces/${space.id}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
  const send = async (who: RegisteredUser, body: string) => (await who.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body }).expect(201)).body.message;
  const messages = [(await send(leaver, `first words from me ${tag}`)).id, (await send(leaver, `hey @${member.user.username}`)).id];
  const membersMessage = await send(member, "and they said so");
  const story = (await leaver.agent.post('/api/stories').send({ title: `Leaving story ${tag}`, content: text('My path.'), contentWarnings: [], visibility: 'public', language: 'en', status: 'published' }).expect(201)).body;
  const othersStory = (await member.agent.post('/api/stories').send({ title: 'Staying story', content: text('Mine.'), contentWarnings: [], visibility: 'public', language: 'en', status: 'published' }).expect(201)).body;
  const comment = (await leaver.agent.post(`/api/stories/${othersStory.id}/comments`).send({ content: text(`Leaving comment ${tag}`) }).expect(201)).body;
  await leaver.agent.post(`/api/stories/${othersStory.id}/reactions`).send({ kind: 'thanks' }).expect(200);
  const event = (
    await moderator.agent
      .post('/api/events')
      .send({ title: 'Meetup', kind: 'community', startsAt: week.toISOString(), endsAt: new Date(week.getTime() + 3_600_000).toISOString(), timezone: 'Europe/Helsinki', spaceId: space.id })
      .expect(201)
  ).body;
  await leaver.agent.post(`/api/events/${event.id}/rsvp`).send({ status: 'going' }).expect(200);
  // On both sides of moderation: reported by the member and warned; reporting the member.
  const item = (await member.agent.post('/api/reports').send({ targetType: 'message', targetId: messages[0], reason: 'spam' }).expect(201)).body.reviewItemId;
  await moderator.agent.post(`/api/moderation/items/${item}/resolve`).send({ action: 'warn', note: 'calm down' }).expect(200);
  await leaver.agent.post('/api/reports').send({ targetType: 'message', targetId: membersMessage.id, reason: 'other', note: 'look' }).expect(201);
  await member.agent.post(`/api/users/${leaver.user.id}/block`).expect(204);
  return { tag, leaver, token, space, messages, story, othersStory, comment, event };
}

/** Everything others can read that might still name the person. */
async function everything(w: World): Promise<Record<string, unknown>> {
  const socket = await connectAndJoin(api.url, moderator, w.space.id);
  const since = await call(socket, 'messages:since', { spaceId: w.space.id, afterId: null });
  const get = async (who: RegisteredUser | null, path: string, query: Json = {}) => {
    const res = await (who ? who.agent : request(api.url)).get(path).query(query);
    return { status: res.status, body: res.body };
  };
  return {
    history: await get(moderator, `/api/spaces/${w.space.id}/messages`),
    since,
    storiesList: await get(null, '/api/stories'),
    story: await get(moderator, `/api/stories/${w.story.id}`),
    comments: await get(null, `/api/stories/${w.othersStory.id}/comments`),
    othersStory: await get(member, `/api/stories/${w.othersStory.id}`),
    members: await get(moderator, `/api/spaces/${w.space.id}/members`),
    spaces: await get(moderator, '/api/spaces'),
    space: await get(moderator, `/api/spaces/${w.space.id}`),
    attendees: await get(moderator, `/api/events/${w.event.id}/attendees`),
    queue: await get(moderator, '/api/moderation/queue', { spaceId: w.space.id, status: 'resolved' }),
    openQueue: await get(admin, '/api/moderation/queue'),
    log: await get(member, '/api/moderation/log', { spaceId: w.space.id }),
    memberExport: await get(member, '/api/me/export'),
    moderatorExport: await get(moderator, '/api/me/export'),
  };
}

function expectNoTrace(answers: Record<string, unknown>, who: RegisteredUser) {
  const leaks = Object.entries(answers)
    .filter(([, a]) => {
      const t = JSON.stringify(a);
      return t.includes(who.user.id) || t.includes(who.user.username);
    })
    .map(([name, a]) => {
      const t = JSON.stringify(a);
      const at = Math.max(t.indexOf(who.user.id), t.indexOf(who.user.username));
      return `${name}: …${t.slice(Math.max(0, at - 200), at + 80)}…`;
    });
  expect(leaks).toEqual([]);
}

async function expectEnded(w: World, sockets: Awaited<ReturnType<typeof connectAndJoin>>[], dropped: Promise<string[]>) {
  expect(await dropped).toEqual(sockets.map(() => 'io server disconnect'));
  expectProblem(await w.leaver.agent.get('/api/me'), 401, 'UNAUTHENTICATED');
  expectProblem(await request(api.url).get('/api/me').set('Authorization', `Bearer ${w.token}`), 401, 'UNAUTHENTICATED');
  expect(await connectError(api.url, { cookie: w.leaver.cookie })).toBe('UNAUTHENTICATED');
  expect(await connectError(api.url, { token: w.token })).toBe('UNAUTHENTICATED');
  expectProblem(await request(api.url).post('/api/auth/login').set('X-Forwarded-For', uniqueIp()).send({ username: w.leaver.user.username, password: w.leaver.password }), 401, 'INVALID_CREDENTIALS');
  // The name stays reserved until the purge.
  expectProblem(await request(api.url).post('/api/auth/register').send({ username: w.leaver.user.username, password: strongPassword() }), 409, 'USERNAME_TAKEN');
}

const onlineSockets = async (w: World) => {
  const sockets = [await connectAndJoin(api.url, w.leaver, w.space.id), await connectAndJoin(api.url, { cookie: w.leaver.cookie }, w.space.id)];
  const dropped = Promise.all(sockets.map((s) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)))));
  return { sockets, dropped };
};

let anonymised: World;
let removed: World;

beforeAll(async () => {
  api = await startApi({ env: { CHAT_SEND_LIMIT: '1000' } });
  [moderator, member, admin] = await Promise.all(Array.from({ length: 3 }, () => registerUser(api.url)));
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
}, 60_000);
afterEach(() => closeAllSockets());
afterAll(async () => {
  await restarted?.stop();
  await api?.stop();
});

describe('DELETE /api/me', () => {
  it('with the wrong password: 403 and nothing changes', async () => {
    const w = await world();
    const before = await api.sql('SELECT username, status, password_hash FROM users WHERE id = $1', [w.leaver.user.id]);
    expectProblem(await w.leaver.agent.delete('/api/me').send({ password: 'not-my-password-at-all', contributions: 'remove' }), 403, 'PASSWORD_INCORRECT');
    expectProblem(await w.leaver.agent.delete('/api/me').send({ password: w.leaver.password, contributions: 'vanish' }), 422, 'VALIDATION_FAILED');
    expect(await api.sql('SELECT username, status, password_hash FROM users WHERE id = $1', [w.leaver.user.id])).toEqual(before);
    await w.leaver.agent.get('/api/me').expect(200);
    expect((await w.leaver.agent.get(`/api/spaces/${w.space.id}/messages`).expect(200)).body.items).toHaveLength(3);
    const [{ n }] = await api.sql<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [w.leaver.user.id]);
    expect(n).toBeGreaterThan(0);
  });

  it('anonymise: the words stay as "a former member"; nothing anywhere names them; everything of theirs ends at once', async () => {
    const w = (anonymised = await world());
    const { sockets, dropped } = await onlineSockets(w);
    await w.leaver.agent.delete('/api/me').send({ password: w.leaver.password, contributions: 'anonymise' }).expect(204);
    await expectEnded(w, sockets, dropped);

    const answers = await everything(w);
    expectNoTrace(answers, w.leaver);
    const history = (answers.history as Json).body.items as Json[];
    for (const id of w.messages) expect(history.find((m) => m.id === id)).toMatchObject({ author: null, deletedAt: null });
    expect(history.find((m) => m.id === w.messages[0])?.body).toBe(`first words from me ${w.tag}`);
    expect((answers.story as Json)).toMatchObject({ status: 200, body: { title: `Leaving story ${w.tag}`, author: null } });
    expect((answers.comments as Json).body.items.find((c: Json) => c.id === w.comment.id)).toMatchObject({ author: null });
    expect((answers.comments as Json).body.items.find((c: Json) => c.id === w.comment.id).html).toContain(`Leaving comment ${w.tag}`);
    // The last host's space passes to the moderator.
    expect((answers.members as Json).body.items.find((m: Json) => m.user.id === moderator.user.id)).toMatchObject({ role: 'host' });
    expect((answers.queue as Json).status).toBe(200);
    expect((answers.log as Json).body.items.map((i: Json) => i.action)).toContain('warn');
  });

  it('remove: their words are gone (empty tombstones), with the same clean break', async () => {
    const w = (removed = await world());
    const { sockets, dropped } = await onlineSockets(w);
    await w.leaver.agent.delete('/api/me').send({ password: w.leaver.password, contributions: 'remove' }).expect(204);
    await expectEnded(w, sockets, dropped);

    const answers = await everything(w);
    expectNoTrace(answers, w.leaver);
    const text = JSON.stringify(answers);
    for (const words of ['first words from me', 'Leaving story', 'Leaving comment'].map((t) => `${t} ${w.tag}`)) expect({ words, found: text.includes(words) }).toEqual({ words, found: false });
    const history = (answers.history as Json).body.items as Json[];
    for (const id of w.messages) expect(history.find((m) => m.id === id) ?? { body: '', author: null }).toMatchObject({ body: '', author: null });
    expect((answers.story as Json).status).toBe(404);
    expect((answers.members as Json).body.items.find((m: Json) => m.user.id === moderator.user.id)).toMatchObject({ role: 'host' });
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE id = ANY($1::uuid[]) AND body <> ''`, [w.messages]);
    expect(n).toBe(0);
  });

  it('mentoring, the circle and notifications: matches end, nothing of theirs is left, and no column anywhere points at them but ended matches', async () => {
    const [leaver, mentor, asker] = await Promise.all([1, 2, 3].map(() => registerUser(api.url)));
    await leaver.agent.put('/api/mentoring/profile').send({ role: 'both', open: true, city: 'Aarhus' }).expect(200);
    await mentor.agent.put('/api/mentoring/profile').send({ role: 'mentor', open: true }).expect(200);
    const mine = (await leaver.agent.post('/api/mentoring/matches').send({ mentorId: mentor.user.id, intro: 'Hello' }).expect(201)).body;
    await mentor.agent.post(`/api/mentoring/matches/${mine.id}/accept`).send({}).expect(200);
    await leaver.agent.put(`/api/mentoring/matches/${mine.id}/agreement`).send({ howOften: 'Weekly' }).expect(200);
    const asked = (await asker.agent.post('/api/mentoring/matches').send({ mentorId: leaver.user.id, intro: 'Hi' }).expect(201)).body;
    const org = await createOrganization(leaver);
    await leaver.agent.post(`/api/organizations/${org.id}/circle`).expect(200);
    for (const who of [leaver, mentor]) await leaver.agent.post(`/api/organizations/${org.id}/mentors`).send({ username: who.user.username }).expect(200);
    await leaver.agent.put('/api/circle/permissions').send({ mentorId: mentor.user.id, allowed: true }).expect(200);
    const card = (await mentor.agent.post(`/api/organizations/${org.id}/circle/cards`).send({ menteeId: leaver.user.id, alias: 'J.', body: 'Rent is a worry.' }).expect(201)).body;
    await leaver.agent.get(`/api/circle/cards/${card.id}`).expect(200);
    await leaver.agent.put('/api/notifications/preferences').send({ previews: true }).expect(200);
    const keys = { p256dh: Buffer.from(crypto.getRandomValues(new Uint8Array(65))).toString('base64url'), auth: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url') };
    await leaver.agent.post('/api/push/subscriptions').send({ endpoint: `https://push.example.invalid/${crypto.randomUUID()}`, keys }).expect(201);
    // An event of their organisation: a file they uploaded, and feedback they gave.
    const orgEvent = (await leaver.agent.post('/api/events').send({ title: 'Open day', kind: 'multiplier', startsAt: week.toISOString(), endsAt: new Date(week.getTime() + 3_600_000).toISOString(), timezone: 'Europe/Helsinki', organizationId: org.id }).expect(201)).body;
    await leaver.agent.post(`/api/events/${orgEvent.id}/materials`).attach('file', Buffer.from('Programme\n'), 'programme.txt').expect(201);
    await leaver.agent.put(`/api/events/${orgEvent.id}/feedback`).send({ questions: ['usefulness'], closesAt: new Date(week.getTime() + 86_400_000).toISOString() }).expect(200);
    await api.sql(`UPDATE event_feedback_forms SET opens_at = now() - interval '1 hour' WHERE event_id = $1`, [orgEvent.id]);
    await leaver.agent.post(`/api/events/${orgEvent.id}/feedback/answers`).send({ usefulness: 5 }).expect(201);

    await leaver.agent.delete('/api/me').send({ password: leaver.password, contributions: 'anonymise' }).expect(204);

    // Every column that refers to users: nothing points at them, except the matches they were a side of, now over.
    const columns = await api.sql<{ table_name: string; column_name: string }>(
      `SELECT DISTINCT tc.table_name, kcu.column_name
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
         JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
        WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'users' AND ccu.column_name = 'id' AND tc.table_schema = current_schema()`,
    );
    const left: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [leaver.user.id]);
      if (n > 0) left.push(`${table}.${column}`);
    }
    // A match keeps its two sides until the purge (the account it points at is anonymised); their conversations no longer say who they were with.
    expect(left.sort()).toEqual(['mentoring_matches.mentee_id', 'mentoring_matches.mentor_id']);
    const conversation = (await mentor.agent.get(`/api/conversations/${(await mentor.agent.get(`/api/mentoring/matches/${mine.id}`).expect(200)).body.conversationId}`).expect(200)).body;
    expect(conversation).toMatchObject({ other: null, startedByMe: false, readOnly: true });
    const matches = await api.sql<Json>(`SELECT id, state, ended_at IS NOT NULL AS ended FROM mentoring_matches WHERE id = ANY($1::uuid[]) ORDER BY state`, [[mine.id, asked.id]]);
    expect(matches).toEqual([{ id: asked.id, state: 'declined', ended: true }, { id: mine.id, state: 'ended', ended: true }]);
    // Their mentor keeps the match, the agreement and the log, without their name; the card about them is gone.
    expectProblem(await mentor.agent.get(`/api/circle/cards/${card.id}`), 404, 'CASE_CARD_NOT_FOUND');
    expectNoTrace({ mentorExport: (await mentor.agent.get('/api/me/export').expect(200)).body, askerExport: (await asker.agent.get('/api/me/export').expect(200)).body }, leaver);
    expect((await mentor.agent.get(`/api/mentoring/matches/${mine.id}`).expect(200)).body.state).toBe('ended');
  });

  it('an organisation whose only admin leaves gets its longest-serving staff member as admin, and its log says so', async () => {
    const [boss, firstStaff, laterStaff] = await Promise.all([1, 2, 3].map(() => registerUser(api.url)));
    const org = await createOrganization(boss);
    for (const who of [firstStaff, laterStaff]) await boss.agent.post(`/api/organizations/${org.id}/staff`).send({ username: who.user.username, role: 'staff' }).expect(200);
    await api.sql(`UPDATE organization_members SET created_at = now() - interval '1 year' WHERE organization_id = $1 AND user_id = $2`, [org.id, firstStaff.user.id]);
    const alone = await createOrganization(boss);
    await boss.agent.delete('/api/me').send({ password: boss.password, contributions: 'anonymise' }).expect(204);

    const staff = (await firstStaff.agent.get(`/api/organizations/${org.id}/staff`).expect(200)).body.items as Json[];
    expect(staff.map((s) => [s.username, s.role]).sort()).toEqual([[firstStaff.user.username, 'admin'], [laterStaff.user.username, 'staff']].sort());
    const log = await api.sql<Json>(`SELECT action, actor_id, subject_id FROM organization_log WHERE organization_id = $1 AND action = 'admin_handed_over'`, [org.id]);
    expect(log).toEqual([{ action: 'admin_handed_over', actor_id: null, subject_id: firstStaff.user.id }]);
    // With nobody else there, the organisation waits for the platform's admins, who may still name its staff.
    expect(await api.sql(`SELECT count(*)::int AS n FROM organization_members WHERE organization_id = $1`, [alone.id])).toEqual([{ n: 0 }]);
    await admin.agent.post(`/api/organizations/${alone.id}/staff`).send({ username: laterStaff.user.username, role: 'admin' }).expect(200);
  });

  it('experts by experience: the organisation keeps the hours and money as "a former member"; the reflection, the note and the listing go', async () => {
    const expert = await registerUser(api.url);
    const org = await createOrganization(moderator);
    await moderator.agent.post(`/api/organizations/${org.id}/experts`).send({ username: expert.user.username }).expect(200);
    await expert.agent.post(`/api/me/expert-listings/${org.id}/accept`).expect(200);
    const entry = { username: expert.user.username, kind: 'consultation', title: 'Intake form review', date: '2026-02-10', hours: 1.5, theme: 'early_intervention', currency: 'EUR', feeAmount: 60, expensesAmount: 4.5, status: 'done', note: 'Came by bus' };
    const logged = (await moderator.agent.post(`/api/organizations/${org.id}/contributions`).send(entry).expect(201)).body;
    await expert.agent.put(`/api/me/contributions/${logged.id}/reflection`).send({ reflection: 'My words about it' }).expect(200);

    await expert.agent.delete('/api/me').send({ password: expert.password, contributions: 'remove' }).expect(204);

    const answers = {
      entries: (await moderator.agent.get(`/api/organizations/${org.id}/contributions`).expect(200)).body,
      entry: (await moderator.agent.get(`/api/organizations/${org.id}/contributions/${logged.id}`).expect(200)).body,
      experts: (await moderator.agent.get(`/api/organizations/${org.id}/experts`).expect(200)).body,
      totals: (await moderator.agent.get(`/api/organizations/${org.id}/contributions/totals?format=csv`).expect(200)).text,
    };
    expectNoTrace(answers, expert);
    expect(answers.entry).toMatchObject({ expert: null, hours: 1.5, feeAmount: 60, expensesAmount: 4.5, reflection: null, note: null });
    expect(JSON.stringify(answers)).not.toContain('My words about it');
    expect(answers.experts.items).toEqual([]);
    expect(answers.totals).toContain('person,former member,1,1.50,0,60.00,4.50');
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM expert_contributions WHERE expert_id = $1`, [expert.user.id]);
    expect(n).toBe(0);
  });

  it('a space whose only host leaves, with nobody else in it, is archived', async () => {
    const loner = await registerUser(api.url);
    const space = (await loner.agent.post('/api/spaces').send({ name: 'Alone here', description: 'Just me', visibility: 'public' }).expect(201)).body;
    await loner.agent.delete('/api/me').send({ password: loner.password, contributions: 'remove' }).expect(204);
    const [row] = await api.sql<Json>('SELECT archived_at IS NOT NULL AS archived, created_by FROM spaces WHERE id = $1', [space.id]);
    expect(row).toEqual({ archived: true, created_by: null });
  });
});

describe('the purge, 30 days on', () => {
  it('runs at start: removed words and deleted accounts go for good, anonymised words stay, the names are free again', async () => {
    for (const w of [anonymised, removed]) expect(w).toBeDefined();
    const ids = [anonymised.leaver.user.id, removed.leaver.user.id];
    await api.sql(`UPDATE users SET deleted_at = now() - interval '31 days' WHERE id = ANY($1::uuid[])`, [ids]);
    await api.sql(`UPDATE messages SET deleted_at = now() - interval '31 days' WHERE id = ANY($1::uuid[])`, [removed.messages]);
    await api.sql(`UPDATE stories SET deleted_at = now() - interval '31 days' WHERE id = $1`, [removed.story.id]);
    await api.sql(`UPDATE story_comments SET deleted_at = now() - interval '31 days' WHERE id = $1`, [removed.comment.id]);

    await api.kill('SIGTERM');
    restarted = await startApi({ database: api.database, env: { CHAT_SEND_LIMIT: '1000' } });
    const db = restarted;
    const gone = async () =>
      (
        await db.sql<Json>(
          `SELECT (SELECT count(*)::int FROM users WHERE id = ANY($1::uuid[])) AS users,
                  (SELECT count(*)::int FROM messages WHERE id = ANY($2::uuid[])) AS removed_messages,
                  (SELECT count(*)::int FROM stories WHERE id = $3) AS removed_story,
                  (SELECT count(*)::int FROM story_comments WHERE id = $4) AS removed_comment,
                  (SELECT count(*)::int FROM messages WHERE id = ANY($5::uuid[])) AS anonymised_messages,
                  (SELECT count(*)::int FROM stories WHERE id = $6) AS anonymised_story`,
          [ids, removed.messages, removed.story.id, removed.comment.id, anonymised.messages, anonymised.story.id],
        )
      )[0];
    const want = { users: 0, removed_messages: 0, removed_story: 0, removed_comment: 0, anonymised_messages: 2, anonymised_story: 1 };
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && JSON.stringify(await gone()) !== JSON.stringify(want)) await sleep(100);
    expect(await gone()).toEqual(want);

    for (const w of [anonymised, removed]) {
      const res = await request(db.url).post('/api/auth/register').send({ username: w.leaver.user.username, password: strongPassword() });
      expect(res.status).toBe(201);
      expect(res.body.user.id).not.toBe(w.leaver.user.id);
    }
  });
});
