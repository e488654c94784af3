/**
 * Removal keeps someone out: a ban (for good or until a time) that refuses their join, their join
 * request and their invite link, in public, private and hidden spaces alike; keepers see it and
 * lift it. Sanctions follow the role order, and new slugs say nothing about hidden spaces.
 */
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

let api: TestApi;
let host: RegisteredUser;
let moderator: RegisteredUser;

beforeAll(async () => {
  api = await startApi({ env: { CHAT_SEND_LIMIT: '1000' } });
  [host, moderator] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
});
afterAll(() => api?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const join = (who: RegisteredUser, spaceId: string, extra: Json = {}) => who.agent.post(`/api/spaces/${spaceId}/join`).send({ acceptGuidelines: true, ...extra });
async function space(visibility: string, ...members: RegisteredUser[]): Promise<Json> {
  const s = (await host.agent.post('/api/spaces').send({ name: `Bans ${crypto.randomUUID().slice(0, 8)}`, description: 'Peers', visibility }).expect(201)).body;
  for (const who of [moderator, ...members]) {
    if (visibility === 'public') {
      await join(who, s.id).expect(200);
    } else {
      const invite = (await host.agent.post(`/api/spaces/${s.id}/invites`).send({ maxUses: 1, expiresInHours: 24 }).expect(201)).body;
      await join(who, s.id, { inviteToken: invite.token }).expect(200);
    }
  }
  await host.agent.patch(`/api/spaces/${s.id}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
  return s;
}
const role = async (who: RegisteredUser, spaceId: string) => (await who.agent.get(`/api/spaces/${spaceId}`)).body.membership?.role ?? null;

describe('removal is a ban', () => {
  it('public: the removed member cannot rejoin until a keeper lifts the ban; keepers see it, members do not', async () => {
    const [removed, member] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space('public', removed, member);
    await moderator.agent.delete(`/api/spaces/${s.id}/members/${removed.user.id}`).send({ reason: 'kept messaging people privately' }).expect(204);
    expectProblem(await join(removed, s.id), 403, 'BANNED_FROM_SPACE');
    expect(await role(removed, s.id)).toBeNull();

    const bans = (await host.agent.get(`/api/spaces/${s.id}/bans`).expect(200)).body.items;
    expect(bans).toEqual([
      { user: { id: removed.user.id, username: removed.user.username, displayName: removed.user.displayName ?? null }, until: null, reason: 'kept messaging people privately', bannedBy: moderator.user.username, createdAt: expect.any(String) },
    ]);
    expect((await moderator.agent.get(`/api/spaces/${s.id}/bans`).expect(200)).body.items).toHaveLength(1);
    expectProblem(await member.agent.get(`/api/spaces/${s.id}/bans`), 403, 'FORBIDDEN');
    expectProblem(await member.agent.delete(`/api/spaces/${s.id}/bans/${removed.user.id}`), 403, 'FORBIDDEN');

    await moderator.agent.delete(`/api/spaces/${s.id}/bans/${removed.user.id}`).expect(204);
    expectProblem(await moderator.agent.delete(`/api/spaces/${s.id}/bans/${removed.user.id}`), 404, 'BAN_NOT_FOUND');
    expect((await host.agent.get(`/api/spaces/${s.id}/bans`).expect(200)).body.items).toEqual([]);
    await join(removed, s.id).expect(200);
    expect(await role(removed, s.id)).toBe('member');
  });

  it('a ban with an end lets them back after it; a bad end is refused and changes nothing', async () => {
    const removed = await registerUser(api.url);
    const s = await space('public', removed);
    expectFieldError(await host.agent.delete(`/api/spaces/${s.id}/members/${removed.user.id}`).send({ until: new Date(Date.now() - 60_000).toISOString() }), 'until');
    expectFieldError(await host.agent.delete(`/api/spaces/${s.id}/members/${removed.user.id}`).send({ until: 'tomorrow' }), 'until');
    expectFieldError(await host.agent.delete(`/api/spaces/${s.id}/members/${removed.user.id}`).send({ forever: true }), 'forever');
    expect(await role(removed, s.id)).toBe('member');

    const until = new Date(Date.now() + 1_500);
    await host.agent.delete(`/api/spaces/${s.id}/members/${removed.user.id}`).send({ until: until.toISOString() }).expect(204);
    expect((await host.agent.get(`/api/spaces/${s.id}/bans`).expect(200)).body.items).toEqual([expect.objectContaining({ until: until.toISOString() })]);
    expectProblem(await join(removed, s.id), 403, 'BANNED_FROM_SPACE');
    await sleep(until.getTime() - Date.now() + 200);
    expect((await host.agent.get(`/api/spaces/${s.id}/bans`).expect(200)).body.items).toEqual([]);
    await join(removed, s.id).expect(200);
  });

  it('private: a removed member’s join request and invite link are refused; a request waiting from before is gone', async () => {
    const [removed, asker] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space('private', removed);
    await join(asker, s.id).expect(200); // a pending request
    await host.agent.delete(`/api/spaces/${s.id}/members/${removed.user.id}`).expect(204);
    expectProblem(await join(removed, s.id), 403, 'BANNED_FROM_SPACE');
    const invite = (await host.agent.post(`/api/spaces/${s.id}/invites`).send({ maxUses: 5, expiresInHours: 24 }).expect(201)).body;
    expectProblem(await join(removed, s.id, { inviteToken: invite.token }), 403, 'BANNED_FROM_SPACE');
    expect(await role(removed, s.id)).toBeNull();
    const [{ uses }] = await api.sql<{ uses: number }>('SELECT uses FROM space_invites WHERE id = $1', [invite.id]);
    expect(uses).toBe(0);
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM space_join_requests WHERE space_id = $1 AND user_id = $2 AND status = 'pending'`, [s.id, removed.user.id]);
    expect(n).toBe(0);
    // Someone not banned still asks as before.
    expect((await host.agent.get(`/api/spaces/${s.id}/requests`).expect(200)).body.items.map((r: Json) => r.user.id)).toEqual([asker.user.id]);
  });

  it('hidden: an invite does not let a removed member back; without one the space still looks absent', async () => {
    const removed = await registerUser(api.url);
    const s = await space('hidden', removed);
    await host.agent.delete(`/api/spaces/${s.id}/members/${removed.user.id}`).expect(204);
    expectProblem(await join(removed, s.id), 404, 'SPACE_NOT_FOUND');
    const invite = (await host.agent.post(`/api/spaces/${s.id}/invites`).send({ maxUses: 5, expiresInHours: 24 }).expect(201)).body;
    expectProblem(await join(removed, s.id, { inviteToken: invite.token }), 403, 'BANNED_FROM_SPACE');
    expect(await role(removed, s.id)).toBeNull();
  });

  it('a moderator’s remove_from_space through the review queue is a ban too', async () => {
    const [removed, reporter] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space('public', removed, reporter);
    const message = (await removed.agent.post(`/api/spaces/${s.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'go away all of you' }).expect(201)).body.message;
    const item = (await reporter.agent.post('/api/reports').send({ targetType: 'message', targetId: message.id, reason: 'harassment' }).expect(201)).body.reviewItemId;
    await moderator.agent.post(`/api/moderation/items/${item}/resolve`).send({ action: 'remove_from_space', note: 'harassing members' }).expect(200);
    expectProblem(await join(removed, s.id), 403, 'BANNED_FROM_SPACE');
    expect((await host.agent.get(`/api/spaces/${s.id}/bans`).expect(200)).body.items).toEqual([expect.objectContaining({ reason: 'harassing members' })]);
  });
});

describe('role order for sanctions', () => {
  async function itemAbout(author: RegisteredUser, spaceId: string, reporter: RegisteredUser): Promise<string> {
    const message = (await author.agent.post(`/api/spaces/${spaceId}/messages`).send({ clientId: crypto.randomUUID(), body: 'a rude remark' }).expect(201)).body.message;
    return (await reporter.agent.post('/api/reports').send({ targetType: 'message', targetId: message.id, reason: 'harassment' }).expect(201)).body.reviewItemId;
  }
  const resolve = (who: RegisteredUser, item: string, action: string) =>
    who.agent.post(`/api/moderation/items/${item}/resolve`).send({ action, note: 'rude', until: new Date(Date.now() + 3_600_000).toISOString() });

  it('a moderator cannot mute or remove the host or another moderator; a host can act on a moderator', async () => {
    const [member, otherModerator] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space('public', member, otherModerator);
    await host.agent.patch(`/api/spaces/${s.id}/members/${otherModerator.user.id}`).send({ role: 'moderator' }).expect(204);

    const aboutHost = await itemAbout(host, s.id, member);
    for (const action of ['mute', 'remove_from_space']) expectProblem(await resolve(moderator, aboutHost, action), 403, 'FORBIDDEN');
    const aboutModerator = await itemAbout(otherModerator, s.id, member);
    expectProblem(await resolve(moderator, aboutModerator, 'mute'), 403, 'FORBIDDEN');
    const [{ n }] = await api.sql<{ n: number }>('SELECT count(*)::int AS n FROM space_mutes WHERE space_id = $1', [s.id]);
    expect(n).toBe(0);
    expect(await role(host, s.id)).toBe('host');

    await resolve(host, aboutModerator, 'mute').expect(200);
    const muted = await otherModerator.agent.post(`/api/spaces/${s.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'hello?' });
    expectProblem(muted, 403, 'MUTED');
    // Moderators still act on members.
    await resolve(moderator, await itemAbout(member, s.id, otherModerator), 'mute').expect(200);
  });
});

describe('slugs', () => {
  it('a new space’s slug looks the same whether or not a hidden space already has that name', async () => {
    const outsider = await registerUser(api.url);
    const name = `Quiet Harbour ${crypto.randomUUID().slice(0, 6)}`;
    const base = name.toLowerCase().replace(/ /g, '-');
    await host.agent.post('/api/spaces').send({ name, description: 'Secret', visibility: 'hidden' }).expect(201);
    const twin = (await outsider.agent.post('/api/spaces').send({ name, description: 'Open', visibility: 'public' }).expect(201)).body;
    const freshName = `Calm Harbour ${crypto.randomUUID().slice(0, 6)}`;
    const fresh = (await outsider.agent.post('/api/spaces').send({ name: freshName, description: 'Open', visibility: 'public' }).expect(201)).body;
    const shape = (slug: string, b: string) => slug.slice(0, b.length) === b && /^-[a-z0-9]{5}$/.test(slug.slice(b.length));
    expect(shape(twin.slug, base)).toBe(true);
    expect(shape(fresh.slug, freshName.toLowerCase().replace(/ /g, '-'))).toBe(true);
    // The plain slug answers the same for both names: nothing there for an outsider.
    expectProblem(await outsider.agent.get(`/api/spaces/${base}`), 404, 'SPACE_NOT_FOUND');
    expectProblem(await outsider.agent.get(`/api/spaces/${freshName.toLowerCase().replace(/ /g, '-')}`), 404, 'SPACE_NOT_FOUND');
  });
});
