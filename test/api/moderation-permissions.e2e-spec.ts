/**
 * Moderation permissions as a table: role × action × own/other × space visibility, over REST and
 * Socket.IO. Roles: visitor (signed out), outsider (signed in, not in the space), member, space
 * moderator, space host, admin (not a member), safeguarding lead (not a member).
 */
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { call, closeAllSockets, connect, connectAndJoin, expectNoEvent, nextEvent, type ChatClient } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;
type Role = 'visitor' | 'outsider' | 'member' | 'moderator' | 'host' | 'admin' | 'lead';
type Visibility = 'public' | 'private' | 'hidden';
/** An expected answer: a status, and for errors the problem code. */
type Want = readonly [number, string?];

const ROLES: Role[] = ['visitor', 'outsider', 'member', 'moderator', 'host', 'admin', 'lead'];
const VISIBILITIES: Visibility[] = ['public', 'private', 'hidden'];
const ACTIONS = ['dismiss', 'hide', 'remove', 'warn', 'mute', 'remove_from_space', 'suspend'] as const;
const KEEPERS = ['moderator', 'host', 'admin'] as const;
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

let api: TestApi;
const people = {} as Record<Exclude<Role, 'visitor'>, RegisteredUser>;
interface Fixture {
  space: Json;
  offender: RegisteredUser;
  appellant: RegisteredUser;
  /** One message of the offender per keeper and action, reported by the member. */
  items: Record<string, string>;
  itemOfModeratorsMessage: string;
  reportable: string;
  moderatorsMessage: string;
}
const fx = {} as Record<Visibility, Fixture>;

/** Outside a space: 404 for hidden ones (they do not exist for you), 403 otherwise. */
const notMember = (v: Visibility, role: Role): Want =>
  v === 'hidden' && role !== 'admin' ? [404, 'SPACE_NOT_FOUND'] : [403, 'NOT_A_MEMBER'];

const agentOf = (role: Role) => (role === 'visitor' ? request(api.url) : people[role].agent);

/** Collects every mismatch of a table so one failure lists them all. */
function checker() {
  const wrong: string[] = [];
  return {
    wrong,
    check(label: string, res: { status: number; body: Json; text: string }, want: Want) {
      const got = `${res.status}${res.status >= 400 ? ` ${res.body?.code}` : ''}`;
      const expected = `${want[0]}${want[1] ? ` ${want[1]}` : ''}`;
      if (got !== expected) wrong.push(`${label}: expected ${expected}, got ${got} ${res.text.slice(0, 200)}`);
    },
  };
}

async function join(who: RegisteredUser, space: Json, invite: string | null) {
  const res = await who.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true, ...(invite && { inviteToken: invite }) });
  if (res.status !== 200) throw new Error(`join answered ${res.status}: ${res.text}`);
}

async function sendAs(who: RegisteredUser, spaceId: string, body: string): Promise<Json> {
  const res = await who.agent.post(`/api/spaces/${spaceId}/messages`).send({ clientId: crypto.randomUUID(), body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`send answered ${res.status}: ${res.text}`);
  return res.body.message;
}

async function reportMessage(who: RegisteredUser, messageId: string, reason = 'harassment'): Promise<string> {
  const res = await who.agent.post('/api/reports').send({ targetType: 'message', targetId: messageId, reason });
  if (res.status !== 201) throw new Error(`report answered ${res.status}: ${res.text}`);
  return res.body.reviewItemId;
}

const itemStatus = async (id: string) => (await api.sql<{ status: string; resolution: string | null }>('SELECT status, resolution FROM review_items WHERE id = $1', [id]))[0];

beforeAll(async () => {
  api = await startApi({ env: { CHAT_SEND_LIMIT: '1000' } });
  const [outsider, member, moderator, host, admin, lead] = await Promise.all(Array.from({ length: 6 }, () => registerUser(api.url)));
  Object.assign(people, { outsider, member, moderator, host, admin, lead });
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
  await api.sql(`UPDATE users SET roles = '{member,safeguarding}' WHERE id = $1`, [lead.user.id]);

  for (const visibility of VISIBILITIES) {
    const space = (await host.agent.post('/api/spaces').send({ name: `Circle ${visibility}`, description: 'Peers', visibility }).expect(201)).body;
    const invite = visibility === 'public' ? null : (await host.agent.post(`/api/spaces/${space.id}/invites`).send({ maxUses: 20 }).expect(201)).body.token;
    const [offender, appellant] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    for (const who of [moderator, member, offender, appellant]) await join(who, space, invite);
    await host.agent.patch(`/api/spaces/${space.id}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
    // Many reports land on the same things here; nothing should hide on its own.
    await host.agent.put(`/api/spaces/${space.id}/moderation-settings`).send({ autoHideThreshold: 50 }).expect(200);

    const items: Record<string, string> = {};
    for (const keeper of KEEPERS) {
      for (const action of ACTIONS) {
        const message = await sendAs(offender, space.id, `rude thing ${keeper} ${action}`);
        items[`${keeper}:${action}`] = await reportMessage(member, message.id);
      }
    }
    const moderatorsMessage = await sendAs(moderator, space.id, 'a keeper can be rude too');
    fx[visibility] = {
      space,
      offender,
      appellant,
      items,
      itemOfModeratorsMessage: await reportMessage(member, moderatorsMessage.id),
      reportable: (await sendAs(offender, space.id, 'something to report')).id,
      moderatorsMessage: moderatorsMessage.id,
    };
  }
}, 120_000);
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

describe.each(VISIBILITIES)('in a %s space', (v) => {
  it('report: members of the space may report what others wrote; nobody else can see it to report', async () => {
    const { check, wrong } = checker();
    const want: Record<Role, Want> = {
      visitor: [401, 'UNAUTHENTICATED'],
      outsider: [404, 'REPORT_TARGET_NOT_FOUND'],
      admin: [404, 'REPORT_TARGET_NOT_FOUND'],
      lead: [404, 'REPORT_TARGET_NOT_FOUND'],
      member: [201],
      moderator: [201],
      host: [201],
    };
    for (const role of ROLES) {
      const res = await agentOf(role).post('/api/reports').send({ targetType: 'message', targetId: fx[v].reportable, reason: 'spam', note: `from ${role}` });
      check(`${role} reports a message`, res, want[role]);
    }
    // Own content: not for sanctions, but "I'm worried about someone's safety" is always open.
    const own = fx[v].moderatorsMessage;
    check('moderator reports own message', await people.moderator.agent.post('/api/reports').send({ targetType: 'message', targetId: own, reason: 'hate' }), [422, 'ACTION_NOT_ALLOWED']);
    const safety = await people.moderator.agent.post('/api/reports').send({ targetType: 'message', targetId: own, reason: 'safety' });
    check('moderator reports own message for safety', safety, [201]);
    expect(safety.body.crisisResources?.length).toBeGreaterThan(0);
    // An id that exists nowhere looks the same as one you may not see.
    check('member reports a missing message', await people.member.agent.post('/api/reports').send({ targetType: 'message', targetId: crypto.randomUUID(), reason: 'spam' }), [404, 'REPORT_TARGET_NOT_FOUND']);
    expect(wrong).toEqual([]);
    const [{ n }] = await api.sql<{ n: number }>(
      `SELECT count(DISTINCT r.reporter_id)::int AS n FROM reports r JOIN review_items i ON i.id = r.review_item_id WHERE i.target_id = $1 AND i.kind = 'report'`,
      [fx[v].reportable],
    );
    expect(n).toBe(3);
  });

  it('queue: keepers of the space and admins; members get 403, outsiders 403/404', async () => {
    const { check, wrong } = checker();
    const want: Record<Role, Want> = {
      visitor: [401, 'UNAUTHENTICATED'],
      outsider: notMember(v, 'outsider'),
      lead: notMember(v, 'lead'),
      member: [403, 'FORBIDDEN'],
      moderator: [200],
      host: [200],
      admin: [200],
    };
    for (const role of ROLES) {
      const res = await agentOf(role).get('/api/moderation/queue').query({ spaceId: fx[v].space.id });
      check(`${role} reads the queue`, res, want[role]);
      if (res.status === 200) {
        expect(res.body.items.map((i: Json) => i.id)).toEqual(expect.arrayContaining(Object.values(fx[v].items)));
        // A space's queue holds that space's items only; its safeguarding items only for admins.
        expect(res.body.items.filter((i: Json) => i.spaceId !== fx[v].space.id)).toEqual([]);
        expect(res.body.items.some((i: Json) => i.kind === 'safeguarding')).toBe(role === 'admin');
      }
    }
    expect(wrong).toEqual([]);
  });

  it('resolve: only keepers (and admins) act; suspend is for admins; acting on your own item is refused', async () => {
    const { check, wrong } = checker();
    const { items, space } = fx[v];
    const sockets: Partial<Record<Role, ChatClient>> = {};
    for (const role of ['host', 'moderator', 'member'] as const) sockets[role] = await connectAndJoin(api.url, people[role], space.id);
    const strangers = await Promise.all((['outsider', 'admin', 'lead'] as const).map((r) => connect(api.url, { cookie: people[r].cookie })));
    for (const socket of strangers) expect((await call(socket, 'space:join', { spaceId: space.id })).ok).toBe(false);

    // Nobody but a keeper can even find an item.
    const first = items['moderator:dismiss'];
    for (const role of ['visitor', 'outsider', 'member', 'lead'] as const) {
      for (const action of ACTIONS) {
        const res = await agentOf(role).post(`/api/moderation/items/${first}/resolve`).send({ action, note: 'no', until: inAnHour() });
        check(`${role} ${action}`, res, role === 'visitor' ? [401, 'UNAUTHENTICATED'] : [404, 'ITEM_NOT_FOUND']);
      }
    }
    expect(await itemStatus(first)).toEqual({ status: 'open', resolution: null });

    for (const keeper of KEEPERS) {
      for (const action of ACTIONS) {
        const id = items[`${keeper}:${action}`];
        const want: Want = action === 'suspend' && keeper !== 'admin' ? [403, 'FORBIDDEN'] : [200];
        const live = keeper === 'moderator' && action === 'hide';
        const heard = live ? Promise.all((['host', 'moderator', 'member'] as const).map((r) => nextEvent(sockets[r]!, 'message:updated'))) : null;
        const silence = live ? expectNoEvent(strangers, ['message:updated', 'message:new'], 400) : null;
        const res = await agentOf(keeper).post(`/api/moderation/items/${id}/resolve`).send({ action, note: `${action} by ${keeper}`, ...(['mute', 'suspend'].includes(action) && { until: inAnHour() }) });
        check(`${keeper} ${action}`, res, want);
        expect(await itemStatus(id)).toEqual(want[0] === 200 ? { status: 'resolved', resolution: action } : { status: 'open', resolution: null });
        if (heard) {
          for (const { message } of await heard) expect(message).toMatchObject({ body: '', moderation: { state: 'hidden' } });
          await silence;
        }
      }
    }
    // The moderator's own message: another keeper decides, never the moderator.
    check('moderator acts on own item', await people.moderator.agent.post(`/api/moderation/items/${fx[v].itemOfModeratorsMessage}/resolve`).send({ action: 'hide', note: 'mine' }), [403, 'REPORT_ABOUT_YOU']);
    check('host acts on the moderator’s item', await people.host.agent.post(`/api/moderation/items/${fx[v].itemOfModeratorsMessage}/resolve`).send({ action: 'warn', note: 'be kind' }), [200]);
    expect(wrong).toEqual([]);
    const effects = await api.sql<Json>(
      `SELECT (SELECT until > now() FROM space_mutes WHERE space_id = $1 AND user_id = $2) AS muted,
              EXISTS (SELECT 1 FROM space_members WHERE space_id = $1 AND user_id = $2) AS member,
              (SELECT status FROM users WHERE id = $2) AS status`,
      [space.id, fx[v].offender.user.id],
    );
    expect(effects[0]).toEqual({ muted: true, member: false, status: 'suspended' });
  });

  it('log: members read the space log; outsiders and non-member admins do not', async () => {
    const { check, wrong } = checker();
    const want: Record<Role, Want> = {
      visitor: [401, 'UNAUTHENTICATED'],
      outsider: notMember(v, 'outsider'),
      lead: notMember(v, 'lead'),
      admin: notMember(v, 'admin'),
      member: [200],
      moderator: [200],
      host: [200],
    };
    for (const role of ROLES) {
      const res = await agentOf(role).get('/api/moderation/log').query({ spaceId: fx[v].space.id });
      check(`${role} reads the space log`, res, want[role]);
      if (res.status === 200) expect(res.body.items.map((i: Json) => i.action)).toEqual(expect.arrayContaining(['hide', 'remove', 'warn', 'mute', 'remove_from_space', 'suspend']));
    }
    expect(wrong).toEqual([]);
  });

  it('appeals: only the person acted on, once; a keeper other than the one who acted decides', async () => {
    const { check, wrong } = checker();
    const { space, appellant } = fx[v];
    const message = await sendAs(appellant, space.id, 'I said a thing');
    const item = await reportMessage(people.member, message.id);
    await people.moderator.agent.post(`/api/moderation/items/${item}/resolve`).send({ action: 'warn', note: 'tone' }).expect(200);
    const mine = (await appellant.agent.get('/api/moderation/mine').expect(200)).body.items;
    const action = mine.find((a: Json) => a.action === 'warn' && a.spaceId === space.id);
    expect(action).toMatchObject({ reason: 'tone' });

    for (const role of ROLES) {
      const res = await agentOf(role).post(`/api/moderation/actions/${action.id}/appeal`).send({ note: 'not mine to appeal' });
      check(`${role} appeals someone else’s warning`, res, role === 'visitor' ? [401, 'UNAUTHENTICATED'] : [404, 'NOT_FOUND']);
    }
    const appeal = await appellant.agent.post(`/api/moderation/actions/${action.id}/appeal`).send({ note: 'I was quoting' });
    check('the person warned appeals', appeal, [201]);
    check('the person warned appeals again', await appellant.agent.post(`/api/moderation/actions/${action.id}/appeal`).send({ note: 'again' }), [409, 'APPEAL_EXISTS']);

    const listed = (await people.moderator.agent.get('/api/moderation/appeals').query({ spaceId: space.id }).expect(200)).body.items;
    expect(listed.find((a: Json) => a.id === appeal.body.id)).toMatchObject({ canDecide: false, actionReason: 'tone' });
    expect((await people.host.agent.get('/api/moderation/appeals').query({ spaceId: space.id }).expect(200)).body.items.find((a: Json) => a.id === appeal.body.id)).toMatchObject({ canDecide: true });
    check('member lists appeals', await people.member.agent.get('/api/moderation/appeals').query({ spaceId: space.id }), [403, 'FORBIDDEN']);

    const decide = (role: Role | RegisteredUser, outcome = 'upheld') =>
      (typeof role === 'string' ? agentOf(role) : role.agent).post(`/api/moderation/appeals/${appeal.body.id}/decide`).send({ outcome, note: 'decided' });
    const want: Partial<Record<Role, Want>> = {
      visitor: [401, 'UNAUTHENTICATED'],
      outsider: notMember(v, 'outsider'),
      lead: notMember(v, 'lead'),
      member: [403, 'FORBIDDEN'],
      moderator: [422, 'APPEAL_SAME_MODERATOR'],
    };
    for (const [role, w] of Object.entries(want) as [Role, Want][]) check(`${role} decides`, await decide(role), w);
    check('the appellant decides', await decide(appellant), [403, 'FORBIDDEN']);
    // In one space the admin decides, in the others the host.
    const decider: Role = v === 'private' ? 'admin' : 'host';
    check(`${decider} decides`, await decide(decider, 'upheld'), [200]);
    check(`${decider} decides again`, await decide(decider, 'overturned'), [404, 'APPEAL_NOT_FOUND']);
    expect(wrong).toEqual([]);
  });

  it('appeals: a keeper acted on cannot decide their own appeal', async () => {
    const { space } = fx[v];
    const message = await sendAs(people.moderator, space.id, 'keepers slip up');
    const item = await reportMessage(people.member, message.id);
    await people.host.agent.post(`/api/moderation/items/${item}/resolve`).send({ action: 'hide', note: 'off topic' }).expect(200);
    const action = (await people.moderator.agent.get('/api/moderation/mine').expect(200)).body.items.find((a: Json) => a.action === 'hide' && a.spaceId === space.id);
    const appeal = (await people.moderator.agent.post(`/api/moderation/actions/${action.id}/appeal`).send({ note: 'it was on topic' }).expect(201)).body;
    expectProblem(await people.moderator.agent.post(`/api/moderation/appeals/${appeal.id}/decide`).send({ outcome: 'overturned', note: 'I agree with me' }), 403, 'REPORT_ABOUT_YOU');
    const [row] = await api.sql<Json>(`SELECT m.moderation_state, p.status FROM messages m, appeals p WHERE m.id = $1 AND p.id = $2`, [message.id, appeal.id]);
    expect(row).toEqual({ moderation_state: 'hidden', status: 'open' });
  });

  it('watched words: keepers of the space and admins; platform-wide words are for admins', async () => {
    const { check, wrong } = checker();
    const spaceId = fx[v].space.id;
    const want: Record<Role, Want> = {
      visitor: [401, 'UNAUTHENTICATED'],
      outsider: notMember(v, 'outsider'),
      lead: notMember(v, 'lead'),
      member: [403, 'FORBIDDEN'],
      moderator: [201],
      host: [201],
      admin: [201],
    };
    const added: string[] = [];
    for (const role of ROLES) {
      const res = await agentOf(role).post('/api/moderation/watched-words').send({ word: `zorblax${role}${v}`, action: 'flag', spaceId });
      check(`${role} adds a space word`, res, want[role]);
      if (res.status === 201) added.push(res.body.id);
      const list = await agentOf(role).get('/api/moderation/watched-words').query({ spaceId });
      check(`${role} lists space words`, list, want[role][0] === 201 ? [200] : want[role]);
      const platform = await agentOf(role).post('/api/moderation/watched-words').send({ word: `glorp${role}${v}`, action: 'flag' });
      check(`${role} adds a platform word`, platform, role === 'visitor' ? [401, 'UNAUTHENTICATED'] : role === 'admin' ? [201] : [403, 'FORBIDDEN']);
    }
    const del = await people.member.agent.delete(`/api/moderation/watched-words/${added[0]}`);
    check('member deletes a space word', del, [403, 'FORBIDDEN']);
    check('moderator deletes a space word', await people.moderator.agent.delete(`/api/moderation/watched-words/${added[0]}`), [204]);
    expect(wrong).toEqual([]);
    const words = (await people.host.agent.get('/api/moderation/watched-words').query({ spaceId }).expect(200)).body.items.map((w: Json) => w.word);
    expect(words.sort()).toEqual([`zorblaxadmin${v}`, `zorblaxhost${v}`]);
  });

  it('space moderation settings: hosts only', async () => {
    const { check, wrong } = checker();
    const want: Record<Role, Want> = {
      visitor: [401, 'UNAUTHENTICATED'],
      outsider: notMember(v, 'outsider'),
      lead: notMember(v, 'lead'),
      admin: notMember(v, 'admin'),
      member: [403, 'FORBIDDEN'],
      moderator: [403, 'FORBIDDEN'],
      host: [200],
    };
    for (const role of ROLES) {
      const res = await agentOf(role).put(`/api/spaces/${fx[v].space.id}/moderation-settings`).send({ showModeratorNames: role === 'host' });
      check(`${role} changes settings`, res, want[role]);
    }
    expect(wrong).toEqual([]);
    const [row] = await api.sql<Json>('SELECT show_moderator_names, auto_hide_threshold FROM spaces WHERE id = $1', [fx[v].space.id]);
    expect(row).toEqual({ show_moderator_names: true, auto_hide_threshold: 50 });
  });
});

describe('outside any one space', () => {
  it('the queue without a space: keepers see theirs, leads their safeguarding items, others 403', async () => {
    const { check, wrong } = checker();
    const want: Record<Role, Want> = {
      visitor: [401, 'UNAUTHENTICATED'],
      outsider: [403, 'FORBIDDEN'],
      member: [403, 'FORBIDDEN'],
      moderator: [200],
      host: [200],
      admin: [200],
      lead: [200],
    };
    for (const role of ROLES) check(`${role} reads the whole queue`, await agentOf(role).get('/api/moderation/queue'), want[role]);
    expect(wrong).toEqual([]);
    const lead = (await people.lead.agent.get('/api/moderation/queue').expect(200)).body.items;
    expect(lead.length).toBeGreaterThan(0);
    expect(lead.every((i: Json) => i.kind === 'safeguarding')).toBe(true);
    const moderator = (await people.moderator.agent.get('/api/moderation/queue').expect(200)).body.items;
    expect(moderator.some((i: Json) => i.kind === 'safeguarding')).toBe(false);
  });

  it('the platform log is for admins only', async () => {
    const { check, wrong } = checker();
    for (const role of ROLES) {
      check(`${role} reads the platform log`, await agentOf(role).get('/api/moderation/log'), role === 'visitor' ? [401, 'UNAUTHENTICATED'] : role === 'admin' ? [200] : [403, 'FORBIDDEN']);
    }
    expect(wrong).toEqual([]);
  });

  it('mute and remove_from_space need a space; hide and remove need content; reporting yourself is refused', async () => {
    const story = (
      await people.member.agent
        .post('/api/stories')
        .send({ title: 'Aging out', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'words' }] }] }, contentWarnings: [], visibility: 'public', language: 'en', status: 'published' })
        .expect(201)
    ).body;
    // A visitor cannot report; an outsider can report a public story.
    expectProblem(await request(api.url).post('/api/reports').send({ targetType: 'story', targetId: story.id, reason: 'spam' }), 401, 'UNAUTHENTICATED');
    const storyItem = (await people.outsider.agent.post('/api/reports').send({ targetType: 'story', targetId: story.id, reason: 'spam' }).expect(201)).body.reviewItemId;
    const userItem = (await people.outsider.agent.post('/api/reports').send({ targetType: 'user', targetId: people.member.user.id, reason: 'harassment' }).expect(201)).body.reviewItemId;
    expectProblem(await people.outsider.agent.post('/api/reports').send({ targetType: 'user', targetId: people.outsider.user.id, reason: 'harassment' }), 422, 'ACTION_NOT_ALLOWED');

    const resolve = (id: string, action: string, who: Role = 'admin') => agentOf(who).post(`/api/moderation/items/${id}/resolve`).send({ action, note: 'n', until: inAnHour() });
    expectProblem(await resolve(storyItem, 'mute'), 422, 'ACTION_NOT_ALLOWED');
    expectProblem(await resolve(storyItem, 'remove_from_space'), 422, 'ACTION_NOT_ALLOWED');
    expectProblem(await resolve(userItem, 'hide'), 422, 'ACTION_NOT_ALLOWED');
    expectProblem(await resolve(userItem, 'remove'), 422, 'ACTION_NOT_ALLOWED');
    // Items outside spaces belong to admins: a space host cannot reach them.
    expectProblem(await resolve(storyItem, 'hide', 'host'), 404, 'ITEM_NOT_FOUND');
    expect(await itemStatus(storyItem)).toEqual({ status: 'open', resolution: null });
    await resolve(storyItem, 'hide').expect(200);
    const [row] = await api.sql<Json>('SELECT moderation_state FROM stories WHERE id = $1', [story.id]);
    expect(row.moderation_state).toBe('hidden');
    expectProblem(await request(api.url).get(`/api/stories/${story.id}`), 404, 'STORY_NOT_FOUND');
  });

  it('safeguarding items: only leads and admins see and close them, and only by dismissing', async () => {
    const { space } = fx.public;
    const message = await sendAs(people.member, space.id, 'I do not want to be here any more');
    const report = (await people.host.agent.post('/api/reports').send({ targetType: 'message', targetId: message.id, reason: 'safety' }).expect(201)).body;
    expect(report.crisisResources.length).toBeGreaterThan(0);
    const id = report.reviewItemId;
    for (const role of ['moderator', 'host'] as const) {
      const items = (await agentOf(role).get('/api/moderation/queue').query({ spaceId: space.id }).expect(200)).body.items;
      expect(items.map((i: Json) => i.id)).not.toContain(id);
      expectProblem(await agentOf(role).post(`/api/moderation/items/${id}/resolve`).send({ action: 'dismiss', note: 'n' }), 404, 'ITEM_NOT_FOUND');
    }
    for (const role of ['lead', 'admin'] as const) {
      expect((await agentOf(role).get('/api/moderation/queue').query({ kind: 'safeguarding' }).expect(200)).body.items.map((i: Json) => i.id)).toContain(id);
      for (const action of ACTIONS.filter((a) => a !== 'dismiss')) {
        const res = await agentOf(role).post(`/api/moderation/items/${id}/resolve`).send({ action, note: 'n', until: inAnHour() });
        // Suspending is an admin's power to begin with; everything else is simply not for safeguarding.
        if (action === 'suspend' && role === 'lead') expectProblem(res, 403, 'FORBIDDEN');
        else expectProblem(res, 422, 'ACTION_NOT_ALLOWED');
      }
      expect(await itemStatus(id)).toEqual({ status: 'open', resolution: null });
    }
    await people.lead.agent.post(`/api/moderation/items/${id}/resolve`).send({ action: 'dismiss', note: 'reached out' }).expect(200);
    const [row] = await api.sql<Json>('SELECT moderation_state FROM messages WHERE id = $1', [message.id]);
    expect(row.moderation_state).toBe('visible');
    expect((await people.member.agent.get('/api/me/notifications').expect(200)).body.items.filter((n: Json) => n.data?.targetId === message.id)).toEqual([]);
  });
});
