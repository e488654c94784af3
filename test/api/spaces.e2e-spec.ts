import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

let counter = 0;
type Visibility = 'public' | 'private' | 'hidden';
async function createSpace(owner: RegisteredUser, overrides: Record<string, unknown> = {}) {
  counter += 1;
  const res = await owner.agent
    .post('/api/spaces')
    .send({ name: `Space ${counter} ${Date.now().toString(36)}`, description: 'A place to talk.', visibility: 'public' as Visibility, ...overrides });
  if (res.status !== 201) throw new Error(`create space answered ${res.status}: ${res.text}`);
  return res.body;
}
const join = (who: RegisteredUser, spaceId: string, body: Record<string, unknown> = {}) => who.agent.post(`/api/spaces/${spaceId}/join`).send(body);
const countRows = async (table: string, where = 'true', params: unknown[] = []) =>
  Number((await api.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params))[0].n);

describe('creating, viewing, listing, editing and archiving spaces', () => {
  it('the creator becomes the only host; the space reads back by id and by slug', async () => {
    const host = await registerUser(api.url);
    const space = await createSpace(host, { name: 'Helt Hjem Aarhus', description: 'Coming home, together.', language: 'da' });
    expect(space).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      slug: expect.stringMatching(/^helt-hjem-aarhus/),
      name: 'Helt Hjem Aarhus',
      description: 'Coming home, together.',
      visibility: 'public',
      language: 'da',
      guidelines: '',
      guidelinesVersion: 1,
      archivedAt: null,
      createdAt: expect.any(String),
      memberCount: 1,
      membership: { role: 'host', joinedAt: expect.any(String), guidelinesAccepted: true, showTyping: false, lastReadSeq: 0, notifyLevel: 'mentions' },
      requestPending: false,
      unreadCount: 0,
      lastSeq: 0,
      // Only a direct conversation's space names its conversation.
      conversationId: null,
    });
    const byId = await host.agent.get(`/api/spaces/${space.id}`).expect(200);
    expect(byId.body).toEqual(space);
    const bySlug = await host.agent.get(`/api/spaces/${space.slug}`).expect(200);
    expect(bySlug.body.id).toBe(space.id);
    // A second space with the same name gets a slug of its own.
    const twin = await createSpace(host, { name: 'Helt Hjem Aarhus' });
    expect(twin.slug).not.toBe(space.slug);

    // Someone else sees it without a membership.
    const other = await registerUser(api.url);
    const seen = await other.agent.get(`/api/spaces/${space.id}`).expect(200);
    expect(seen.body).toEqual(expect.objectContaining({ id: space.id, membership: null, memberCount: 1, requestPending: false, unreadCount: 0 }));
  });

  it('lists spaces newest first with q, language, mine and cursor pagination', async () => {
    const host = await registerUser(api.url);
    const tag = `zq${Date.now().toString(36)}`;
    const a = await createSpace(host, { name: `Alpha ${tag}`, language: 'hu' });
    const b = await createSpace(host, { name: `Beta ${tag}`, description: 'Kávé és beszélgetés' });
    const c = await createSpace(host, { name: `Gamma ${tag}`, visibility: 'private' });
    const stranger = await registerUser(api.url);

    const all = await stranger.agent.get(`/api/spaces?q=${tag}`).expect(200);
    expect(all.body.items.map((s: { id: string }) => s.id)).toEqual([c.id, b.id, a.id]);
    expect(all.body.nextCursor).toBeNull();

    const page1 = await stranger.agent.get(`/api/spaces?q=${tag}&limit=2`).expect(200);
    expect(page1.body.items.map((s: { id: string }) => s.id)).toEqual([c.id, b.id]);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await stranger.agent.get(`/api/spaces?q=${tag}&limit=2&cursor=${page1.body.nextCursor}`).expect(200);
    expect(page2.body.items.map((s: { id: string }) => s.id)).toEqual([a.id]);
    expect(page2.body.nextCursor).toBeNull();

    const hu = await stranger.agent.get(`/api/spaces?q=${tag}&language=hu`).expect(200);
    expect(hu.body.items.map((s: { id: string }) => s.id)).toEqual([a.id]);
    // Search ignores accents: "kave" finds "Kávé".
    const accent = await stranger.agent.get(`/api/spaces?q=kave es beszelgetes`).expect(200);
    expect(accent.body.items.map((s: { id: string }) => s.id)).toContain(b.id);

    const mine = await stranger.agent.get(`/api/spaces?mine=true`).expect(200);
    expect(mine.body.items).toEqual([]);
    await join(stranger, a.id).expect(200);
    const mineNow = await stranger.agent.get(`/api/spaces?mine=true`).expect(200);
    expect(mineNow.body.items.map((s: { id: string }) => s.id)).toEqual([a.id]);
    expect(mineNow.body.items[0].membership.role).toBe('member');
  });

  it('pagination loses nothing when spaces share a creation time (e.g. made in one transaction)', async () => {
    const host = await registerUser(api.url);
    const tag = `tie${Date.now().toString(36)}`;
    const made = [];
    for (const n of [1, 2, 3, 4]) made.push(await createSpace(host, { name: `Tied ${n} ${tag}` }));
    await api.sql(`UPDATE spaces SET created_at = '2026-03-01 10:00:00.123456+00' WHERE id = ANY($1::uuid[])`, [made.map((s) => s.id)]);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 6; page++) {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await host.agent.get(`/api/spaces?q=${tag}&limit=1${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...res.body.items.map((s: { id: string }) => s.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect([...seen].sort()).toEqual(made.map((s) => s.id).sort());
    expect(new Set(seen).size).toBe(4);
  });

  it('only a host edits; the change reads back; a member gets 403 and nothing changes', async () => {
    const host = await registerUser(api.url);
    const member = await registerUser(api.url);
    const outsider = await registerUser(api.url);
    const space = await createSpace(host);
    await join(member, space.id).expect(200);

    const edited = await host.agent.patch(`/api/spaces/${space.id}`).send({ name: 'Renamed space', description: 'New words.', visibility: 'private' }).expect(200);
    expect(edited.body).toEqual(expect.objectContaining({ id: space.id, name: 'Renamed space', description: 'New words.', visibility: 'private', slug: space.slug }));

    expectProblem(await member.agent.patch(`/api/spaces/${space.id}`).send({ name: 'Taken over' }), 403, 'FORBIDDEN');
    expectProblem(await outsider.agent.patch(`/api/spaces/${space.id}`).send({ name: 'Taken over' }), 403, 'NOT_A_MEMBER');
    expectProblem(await member.agent.post(`/api/spaces/${space.id}/archive`), 403, 'FORBIDDEN');
    expect((await host.agent.get(`/api/spaces/${space.id}`)).body).toEqual(expect.objectContaining({ name: 'Renamed space', archivedAt: null }));
  });

  it('archiving keeps the space readable for members but takes it out of lists and stops joins and posts', async () => {
    const host = await registerUser(api.url);
    const member = await registerUser(api.url);
    const late = await registerUser(api.url);
    const space = await createSpace(host);
    await join(member, space.id).expect(200);
    const archived = await host.agent.post(`/api/spaces/${space.id}/archive`).expect(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));

    const listed = await member.agent.get(`/api/spaces?q=${encodeURIComponent(space.name)}`).expect(200);
    expect(listed.body.items).toEqual([]);
    expect((await member.agent.get(`/api/spaces/${space.id}`).expect(200)).body.archivedAt).toEqual(archived.body.archivedAt);
    await member.agent.get(`/api/spaces/${space.id}/messages`).expect(200);
    expectProblem(
      await member.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'still here?' }),
      409,
      'SPACE_ARCHIVED',
    );
    expectProblem(await join(late, space.id), 409, 'SPACE_ARCHIVED');
    expect(await countRows('messages', 'space_id = $1', [space.id])).toBe(0);
  });

  it('needs credentials (401)', async () => {
    expectProblem(await request(api.url).get('/api/spaces'), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).post('/api/spaces').send({ name: 'Nope', description: '', visibility: 'public' }), 401, 'UNAUTHENTICATED');
  });
});

describe('visibility', () => {
  it('public: joining makes you a member at once; joining twice is 409 ALREADY_MEMBER', async () => {
    const host = await registerUser(api.url);
    const me = await registerUser(api.url);
    const space = await createSpace(host);
    const joined = await join(me, space.id).expect(200);
    expect(joined.body.membership).toEqual(expect.objectContaining({ role: 'member', guidelinesAccepted: true }));
    expect(joined.body.memberCount).toBe(2);
    expectProblem(await join(me, space.id), 409, 'ALREADY_MEMBER');
    expect(await countRows('space_members', 'space_id = $1', [space.id])).toBe(2);
  });

  it('hidden: 404 SPACE_NOT_FOUND to non-members by id and slug, absent from lists, no join without an invite', async () => {
    const host = await registerUser(api.url);
    const outsider = await registerUser(api.url);
    const space = await createSpace(host, { visibility: 'hidden' });
    expectProblem(await outsider.agent.get(`/api/spaces/${space.id}`), 404, 'SPACE_NOT_FOUND');
    expectProblem(await outsider.agent.get(`/api/spaces/${space.slug}`), 404, 'SPACE_NOT_FOUND');
    // Same answer as for a space that does not exist at all.
    expectProblem(await outsider.agent.get(`/api/spaces/${crypto.randomUUID()}`), 404, 'SPACE_NOT_FOUND');
    expect((await outsider.agent.get(`/api/spaces?q=${encodeURIComponent(space.name)}`)).body.items).toEqual([]);
    expectProblem(await join(outsider, space.id), 404, 'SPACE_NOT_FOUND');
    expectProblem(await outsider.agent.get(`/api/spaces/${space.id}/members`), 404, 'SPACE_NOT_FOUND');
    expectProblem(await outsider.agent.get(`/api/spaces/${space.id}/messages`), 404, 'SPACE_NOT_FOUND');
    expect(await countRows('space_members', 'space_id = $1', [space.id])).toBe(1);

    // Its members see it, in lists too.
    expect((await host.agent.get(`/api/spaces?q=${encodeURIComponent(space.name)}`)).body.items.map((s: { id: string }) => s.id)).toEqual([space.id]);
  });

  it('private: joining makes a request; a plain member cannot review it; a moderator approves', async () => {
    const host = await registerUser(api.url);
    const moderator = await registerUser(api.url);
    const member = await registerUser(api.url);
    const asker = await registerUser(api.url, { displayName: 'Asker' });
    const space = await createSpace(host, { visibility: 'private' });
    // Seat a moderator and a member through requests the host approves.
    for (const who of [moderator, member]) {
      await join(who, space.id).expect(200);
      const { items } = (await host.agent.get(`/api/spaces/${space.id}/requests`).expect(200)).body;
      await host.agent.post(`/api/spaces/${space.id}/requests/${items[0].id}/approve`).expect(204);
    }
    await host.agent.patch(`/api/spaces/${space.id}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);

    // A private space is visible (not its messages) to outsiders.
    const asked = await join(asker, space.id, { note: 'I moved here last month.' }).expect(200);
    expect(asked.body).toEqual(expect.objectContaining({ membership: null, requestPending: true }));
    expectProblem(await asker.agent.get(`/api/spaces/${space.id}/messages`), 403, 'NOT_A_MEMBER');
    // Asking again does not pile up requests.
    await join(asker, space.id).expect(200);

    expectProblem(await member.agent.get(`/api/spaces/${space.id}/requests`), 403, 'FORBIDDEN');
    const requests = (await moderator.agent.get(`/api/spaces/${space.id}/requests`).expect(200)).body.items;
    expect(requests).toEqual([
      { id: expect.any(String), user: { id: asker.user.id, username: asker.user.username, displayName: 'Asker' }, note: 'I moved here last month.', createdAt: expect.any(String) },
    ]);
    expectProblem(await member.agent.post(`/api/spaces/${space.id}/requests/${requests[0].id}/approve`), 403, 'FORBIDDEN');
    expect((await asker.agent.get(`/api/spaces/${space.id}`)).body.membership).toBeNull();

    await moderator.agent.post(`/api/spaces/${space.id}/requests/${requests[0].id}/approve`).expect(204);
    const now = (await asker.agent.get(`/api/spaces/${space.id}`).expect(200)).body;
    expect(now).toEqual(expect.objectContaining({ requestPending: false, memberCount: 4 }));
    expect(now.membership.role).toBe('member');
    await asker.agent.get(`/api/spaces/${space.id}/messages`).expect(200);
    // Deciding the same request again finds nothing pending.
    expectProblem(await moderator.agent.post(`/api/spaces/${space.id}/requests/${requests[0].id}/decline`), 404, 'REQUEST_NOT_FOUND');
    expect((await host.agent.get(`/api/spaces/${space.id}/requests`)).body.items).toEqual([]);
  });

  it('private: a declined request leaves the person outside; they may withdraw a pending one by leaving', async () => {
    const host = await registerUser(api.url);
    const asker = await registerUser(api.url);
    const withdrawer = await registerUser(api.url);
    const space = await createSpace(host, { visibility: 'private' });
    await join(asker, space.id).expect(200);
    await join(withdrawer, space.id).expect(200);
    const items = (await host.agent.get(`/api/spaces/${space.id}/requests`)).body.items as { id: string; user: { id: string } }[];
    const askerRequest = items.find((r) => r.user.id === asker.user.id)!;
    await host.agent.post(`/api/spaces/${space.id}/requests/${askerRequest.id}/decline`).expect(204);
    expect((await asker.agent.get(`/api/spaces/${space.id}`)).body).toEqual(expect.objectContaining({ membership: null, requestPending: false }));
    expectProblem(await asker.agent.get(`/api/spaces/${space.id}/messages`), 403, 'NOT_A_MEMBER');

    await withdrawer.agent.post(`/api/spaces/${space.id}/leave`).expect(204);
    expect((await withdrawer.agent.get(`/api/spaces/${space.id}`)).body.requestPending).toBe(false);
    expect((await host.agent.get(`/api/spaces/${space.id}/requests`)).body.items).toEqual([]);
    expect(await countRows('space_members', 'space_id = $1', [space.id])).toBe(1);
  });
});

describe('invites', () => {
  it('a single-use invite lets one person into a hidden space; the second gets 404 and stays out', async () => {
    const host = await registerUser(api.url);
    const first = await registerUser(api.url);
    const second = await registerUser(api.url);
    const space = await createSpace(host, { visibility: 'hidden' });
    const invite = (await host.agent.post(`/api/spaces/${space.id}/invites`).send({ maxUses: 1, expiresInHours: 24 }).expect(201)).body;
    expect(invite).toEqual({
      id: expect.any(String),
      maxUses: 1,
      uses: 0,
      expiresAt: expect.any(String),
      createdAt: expect.any(String),
      token: expect.any(String),
      path: `/spaces/${space.slug}/join?invite=${invite.token}`,
    });
    expect((await host.agent.get(`/api/spaces/${space.id}/invites`)).body.items).toEqual([expect.objectContaining({ id: invite.id, uses: 0 })]);

    const joined = await join(first, space.id, { inviteToken: invite.token }).expect(200);
    expect(joined.body.membership.role).toBe('member');
    expectProblem(await join(second, space.id, { inviteToken: invite.token }), 404, 'SPACE_NOT_FOUND');
    expectProblem(await second.agent.get(`/api/spaces/${space.id}`), 404, 'SPACE_NOT_FOUND');
    // Used up: no longer among the live invites.
    expect((await host.agent.get(`/api/spaces/${space.id}/invites`)).body.items).toEqual([]);
    expect(await countRows('space_members', 'space_id = $1', [space.id])).toBe(2);
  });

  it('private space: used-up, expired, revoked and made-up invites answer 404 INVITE_INVALID', async () => {
    const host = await registerUser(api.url);
    const member = await registerUser(api.url);
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => registerUser(api.url)));
    const space = await createSpace(host, { visibility: 'private' });
    const once = (await host.agent.post(`/api/spaces/${space.id}/invites`).send({}).expect(201)).body;
    expect(once.maxUses).toBe(1);
    // With an invite, a private space is joined at once, without a request.
    expect((await join(member, space.id, { inviteToken: once.token }).expect(200)).body.membership.role).toBe('member');
    expectProblem(await join(a, space.id, { inviteToken: once.token }), 404, 'INVITE_INVALID');

    const expiring = (await host.agent.post(`/api/spaces/${space.id}/invites`).send({ maxUses: 5 }).expect(201)).body;
    await api.sql(`UPDATE space_invites SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expiring.id]);
    expectProblem(await join(b, space.id, { inviteToken: expiring.token }), 404, 'INVITE_INVALID');

    const revoked = (await host.agent.post(`/api/spaces/${space.id}/invites`).send({ maxUses: 5 }).expect(201)).body;
    await host.agent.delete(`/api/spaces/${space.id}/invites/${revoked.id}`).expect(204);
    expectProblem(await host.agent.delete(`/api/spaces/${space.id}/invites/${revoked.id}`), 404, 'NOT_FOUND');
    expectProblem(await join(c, space.id, { inviteToken: revoked.token }), 404, 'INVITE_INVALID');
    expectProblem(await join(d, space.id, { inviteToken: 'made-up-token-1234567890' }), 404, 'INVITE_INVALID');

    // Only hosts handle invites.
    expectProblem(await member.agent.post(`/api/spaces/${space.id}/invites`).send({}), 403, 'FORBIDDEN');
    expectProblem(await member.agent.get(`/api/spaces/${space.id}/invites`), 403, 'FORBIDDEN');
    expectProblem(await member.agent.delete(`/api/spaces/${space.id}/invites/${expiring.id}`), 403, 'FORBIDDEN');

    expect(await countRows('space_members', 'space_id = $1', [space.id])).toBe(2);
    expect(await countRows('space_join_requests', 'space_id = $1', [space.id])).toBe(0);
    expect((await host.agent.get(`/api/spaces/${space.id}/invites`)).body.items).toEqual([]);
  });

  it('a hidden space shows itself to a live invite only; a made-up one finds nothing, whatever the space is like', async () => {
    const host = await registerUser(api.url);
    const guest = await registerUser(api.url);
    const space = await createSpace(host, { visibility: 'hidden', guidelines: 'Be kind.' });
    const invite = (await host.agent.post(`/api/spaces/${space.id}/invites`).send({ maxUses: 1 }).expect(201)).body;
    const preview = await guest.agent.get(`/api/spaces/${space.slug}?invite=${invite.token}`).expect(200);
    expect(preview.body).toEqual(expect.objectContaining({ id: space.id, guidelines: 'Be kind.', membership: null }));
    expectProblem(await guest.agent.get(`/api/spaces/${space.slug}?invite=made-up-token-1234567890`), 404, 'SPACE_NOT_FOUND');

    // Without acceptGuidelines, a made-up token must not learn that the space (and its guidelines) exist.
    expectProblem(await join(guest, space.id, { inviteToken: 'made-up-token-1234567890' }), 404, 'SPACE_NOT_FOUND');
    // A real one is told to accept the guidelines first, and the invite is not used up by that.
    expectProblem(await join(guest, space.id, { inviteToken: invite.token }), 422, 'GUIDELINES_NOT_ACCEPTED');
    expect((await join(guest, space.id, { inviteToken: invite.token, acceptGuidelines: true }).expect(200)).body.membership.role).toBe('member');

    const archived = await createSpace(host, { visibility: 'hidden' });
    await host.agent.post(`/api/spaces/${archived.id}/archive`).expect(200);
    expectProblem(await join(guest, archived.id, { inviteToken: 'made-up-token-1234567890' }), 404, 'SPACE_NOT_FOUND');
  });

  it('a multi-use invite admits up to maxUses people', async () => {
    const host = await registerUser(api.url);
    const people = await Promise.all([1, 2, 3].map(() => registerUser(api.url)));
    const space = await createSpace(host, { visibility: 'hidden' });
    const invite = (await host.agent.post(`/api/spaces/${space.id}/invites`).send({ maxUses: 2 }).expect(201)).body;
    const answers = await Promise.all(people.map((p) => join(p, space.id, { inviteToken: invite.token })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 404]);
    expect(await countRows('space_members', 'space_id = $1', [space.id])).toBe(3);
  });
});

describe('roles', () => {
  async function spaceWithModerator() {
    const host = await registerUser(api.url);
    const moderator = await registerUser(api.url);
    const member = await registerUser(api.url);
    const other = await registerUser(api.url);
    const space = await createSpace(host);
    for (const who of [moderator, member, other]) await join(who, space.id).expect(200);
    await host.agent.patch(`/api/spaces/${space.id}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
    return { host, moderator, member, other, space };
  }
  const roles = async (who: RegisteredUser, spaceId: string) =>
    Object.fromEntries(((await who.agent.get(`/api/spaces/${spaceId}/members`).expect(200)).body.items as { user: { id: string }; role: string }[]).map((m) => [m.user.id, m.role]));

  it('only hosts appoint; moderators and members cannot', async () => {
    const { host, moderator, member, other, space } = await spaceWithModerator();
    expectProblem(await moderator.agent.patch(`/api/spaces/${space.id}/members/${member.user.id}`).send({ role: 'moderator' }), 403, 'FORBIDDEN');
    expectProblem(await member.agent.patch(`/api/spaces/${space.id}/members/${member.user.id}`).send({ role: 'host' }), 403, 'FORBIDDEN');
    expect(await roles(host, space.id)).toEqual({ [host.user.id]: 'host', [moderator.user.id]: 'moderator', [member.user.id]: 'member', [other.user.id]: 'member' });

    await host.agent.patch(`/api/spaces/${space.id}/members/${member.user.id}`).send({ role: 'host' }).expect(204);
    expect((await member.agent.get(`/api/spaces/${space.id}`)).body.membership.role).toBe('host');
    // Someone who is not a member cannot be given a role.
    const stranger = await registerUser(api.url);
    expectProblem(await host.agent.patch(`/api/spaces/${space.id}/members/${stranger.user.id}`).send({ role: 'moderator' }), 403, 'NOT_A_MEMBER');
    expectFieldError(await host.agent.patch(`/api/spaces/${space.id}/members/${other.user.id}`).send({ role: 'owner' }), 'role');
    expect((await other.agent.get(`/api/spaces/${space.id}`)).body.membership.role).toBe('member');
  });

  it('moderators remove members but not hosts or other moderators; members remove nobody', async () => {
    const { host, moderator, member, other, space } = await spaceWithModerator();
    expectProblem(await member.agent.delete(`/api/spaces/${space.id}/members/${other.user.id}`), 403, 'FORBIDDEN');
    expectProblem(await moderator.agent.delete(`/api/spaces/${space.id}/members/${host.user.id}`), 403, 'FORBIDDEN');
    await host.agent.patch(`/api/spaces/${space.id}/members/${other.user.id}`).send({ role: 'moderator' }).expect(204);
    expectProblem(await moderator.agent.delete(`/api/spaces/${space.id}/members/${other.user.id}`), 403, 'FORBIDDEN');

    await moderator.agent.delete(`/api/spaces/${space.id}/members/${member.user.id}`).expect(204);
    expect((await member.agent.get(`/api/spaces/${space.id}`)).body.membership).toBeNull();
    expectProblem(await member.agent.get(`/api/spaces/${space.id}/messages`), 403, 'NOT_A_MEMBER');
    expectProblem(await moderator.agent.delete(`/api/spaces/${space.id}/members/${member.user.id}`), 403, 'NOT_A_MEMBER');
    // A host may remove a moderator.
    await host.agent.delete(`/api/spaces/${space.id}/members/${other.user.id}`).expect(204);
    expect(await roles(host, space.id)).toEqual({ [host.user.id]: 'host', [moderator.user.id]: 'moderator' });
  });

  it('the last host can neither leave, be demoted nor be removed (422 LAST_HOST); with two hosts one may go', async () => {
    const { host, moderator, member, space } = await spaceWithModerator();
    expectProblem(await host.agent.post(`/api/spaces/${space.id}/leave`), 422, 'LAST_HOST');
    expectProblem(await host.agent.patch(`/api/spaces/${space.id}/members/${host.user.id}`).send({ role: 'member' }), 422, 'LAST_HOST');
    expectProblem(await host.agent.delete(`/api/spaces/${space.id}/members/${host.user.id}`), 422, 'LAST_HOST');
    expect((await host.agent.get(`/api/spaces/${space.id}`)).body.membership.role).toBe('host');

    await host.agent.patch(`/api/spaces/${space.id}/members/${moderator.user.id}`).send({ role: 'host' }).expect(204);
    await host.agent.post(`/api/spaces/${space.id}/leave`).expect(204);
    expect((await host.agent.get(`/api/spaces/${space.id}`)).body.membership).toBeNull();
    expectProblem(await moderator.agent.patch(`/api/spaces/${space.id}/members/${moderator.user.id}`).send({ role: 'member' }), 422, 'LAST_HOST');
    // A plain member leaves freely; leaving again is 403 NOT_A_MEMBER.
    await member.agent.post(`/api/spaces/${space.id}/leave`).expect(204);
    expectProblem(await member.agent.post(`/api/spaces/${space.id}/leave`), 403, 'NOT_A_MEMBER');
  });

  it('the members list carries pseudonyms and roles only: no presence, no last seen', async () => {
    const { host, moderator, member, other, space } = await spaceWithModerator();
    const { items } = (await member.agent.get(`/api/spaces/${space.id}/members`).expect(200)).body;
    expect(items).toHaveLength(4);
    expect(items[0]).toEqual({ user: { id: host.user.id, username: host.user.username, displayName: host.user.displayName }, role: 'host', joinedAt: expect.any(String) });
    expect(items[1].user.id).toBe(moderator.user.id);
    expect(items.slice(2).map((m: { user: { id: string } }) => m.user.id).sort()).toEqual([member.user.id, other.user.id].sort());
    for (const m of items) {
      expect(Object.keys(m).sort()).toEqual(['joinedAt', 'role', 'user']);
      expect(Object.keys(m.user).sort()).toEqual(['displayName', 'id', 'username']);
    }
    expect(JSON.stringify(items)).not.toMatch(/lastSeen|online|presence|locale|roles|email/i);
  });
});

describe('guidelines', () => {
  it('must be accepted to join when present; a changed version must be accepted again', async () => {
    const host = await registerUser(api.url);
    const me = await registerUser(api.url);
    const space = await createSpace(host, { guidelines: 'Be kind.\nNo names of third parties.' });
    expect(space.guidelinesVersion).toBe(1);
    expect(space.membership.guidelinesAccepted).toBe(true);

    expectProblem(await join(me, space.id), 422, 'GUIDELINES_NOT_ACCEPTED');
    expect((await me.agent.get(`/api/spaces/${space.id}`)).body.membership).toBeNull();
    expectFieldError(await join(me, space.id, { acceptGuidelines: false }), 'acceptGuidelines');
    expect((await join(me, space.id, { acceptGuidelines: true }).expect(200)).body.membership.guidelinesAccepted).toBe(true);

    // Saving the same text changes nothing.
    const same = await host.agent.patch(`/api/spaces/${space.id}`).send({ guidelines: 'Be kind.\nNo names of third parties.' }).expect(200);
    expect(same.body.guidelinesVersion).toBe(1);
    expect((await me.agent.get(`/api/spaces/${space.id}`)).body.membership.guidelinesAccepted).toBe(true);

    const changed = await host.agent.patch(`/api/spaces/${space.id}`).send({ guidelines: 'Be kind.\nNo names.\nNo advice unless asked.' }).expect(200);
    expect(changed.body.guidelinesVersion).toBe(2);
    expect(changed.body.membership.guidelinesAccepted).toBe(true);
    const mine = (await me.agent.get(`/api/spaces/${space.id}`)).body;
    expect(mine).toEqual(expect.objectContaining({ guidelinesVersion: 2, guidelines: 'Be kind.\nNo names.\nNo advice unless asked.' }));
    expect(mine.membership.guidelinesAccepted).toBe(false);

    const accepted = await me.agent.post(`/api/spaces/${space.id}/guidelines/accept`).expect(200);
    expect(accepted.body.membership.guidelinesAccepted).toBe(true);
    const outsider = await registerUser(api.url);
    expectProblem(await outsider.agent.post(`/api/spaces/${space.id}/guidelines/accept`), 403, 'NOT_A_MEMBER');
  });
});

describe('bad input: 4xx problem+json, nothing changed', () => {
  const valid = { name: 'A fine name', description: 'Fine.', visibility: 'public' };
  it.each([
    ['missing name', { description: 'x', visibility: 'public' }, 'name'],
    ['name is a number', { ...valid, name: 42 }, 'name'],
    ['name of 81 characters', { ...valid, name: 'n'.repeat(81) }, 'name'],
    ['name of 2 characters', { ...valid, name: 'ab' }, 'name'],
    ['blank name', { ...valid, name: '     ' }, 'name'],
    ['name with a control character', { ...valid, name: 'Bell\u0007 space' }, 'name'],
    ['name with a bidi override', { ...valid, name: 'abc\u202Edef' }, 'name'],
    ['missing description', { name: 'A fine name', visibility: 'public' }, 'description'],
    ['unknown visibility', { ...valid, visibility: 'secret' }, 'visibility'],
    ['unknown language', { ...valid, language: 'xx' }, 'language'],
    ['guidelines not a string', { ...valid, guidelines: ['be kind'] }, 'guidelines'],
    ['unknown field', { ...valid, ownerId: '6f1c9a4e-0d2b-4c7e-9a1f-3b5d7e9f1a2c' }, 'ownerId'],
  ])('create with %s → 422 naming the field', async (_label, body, path) => {
    const me = await registerUser(api.url);
    const before = await countRows('spaces');
    expectFieldError(await me.agent.post('/api/spaces').send(body), path);
    expect(await countRows('spaces')).toBe(before);
  });

  it('a body that is not an object, or not JSON, is a 4xx and stores nothing', async () => {
    const me = await registerUser(api.url);
    const before = await countRows('spaces');
    for (const body of ['"a string"', 'null', '[1,2]', '{"name": ']) {
      const res = await me.agent.post('/api/spaces').set('Content-Type', 'application/json').send(body);
      expect({ body, status: res.status }).toEqual({ body, status: expect.any(Number) });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await countRows('spaces')).toBe(before);
  });

  it('editing with bad input changes nothing', async () => {
    const host = await registerUser(api.url);
    const space = await createSpace(host, { guidelines: 'Be kind.' });
    for (const [body, path] of [
      [{ name: 'x'.repeat(81) }, 'name'],
      [{ visibility: 'open' }, 'visibility'],
      [{ guidelines: 'ok\u202E' }, 'guidelines'],
      [{ slug: 'mine' }, 'slug'],
      [{ name: 'Good name', archivedAt: null }, 'archivedAt'],
    ] as const) {
      expectFieldError(await host.agent.patch(`/api/spaces/${space.id}`).send(body), path);
    }
    const now = (await host.agent.get(`/api/spaces/${space.id}`)).body;
    expect(now).toEqual(expect.objectContaining({ name: space.name, visibility: 'public', guidelines: 'Be kind.', guidelinesVersion: 1 }));
  });

  it('ids that are not UUIDs in the path are 404, not 500', async () => {
    const me = await registerUser(api.url);
    const space = await createSpace(me);
    expectProblem(await me.agent.patch('/api/spaces/not-a-uuid').send({ name: 'Whatever' }), 404, 'NOT_FOUND');
    expectProblem(await me.agent.post("/api/spaces/1'%20OR%201=1/join").send({}), 404, 'NOT_FOUND');
    expectProblem(await me.agent.get('/api/spaces/123/members'), 404, 'NOT_FOUND');
    expectProblem(await me.agent.patch(`/api/spaces/${space.id}/members/nope`).send({ role: 'host' }), 404, 'NOT_FOUND');
    expectProblem(await me.agent.delete(`/api/spaces/${space.id}/members/nope`), 404, 'NOT_FOUND');
    expectProblem(await me.agent.post(`/api/spaces/${space.id}/requests/nope/approve`), 404, 'NOT_FOUND');
    expectProblem(await me.agent.delete(`/api/spaces/${space.id}/invites/nope`), 404, 'NOT_FOUND');
    // By slug, anything unknown (even odd or very long text) is simply not found.
    expectProblem(await me.agent.get(`/api/spaces/${encodeURIComponent("x' OR 1=1 --")}`), 404, 'SPACE_NOT_FOUND');
    expectProblem(await me.agent.get(`/api/spaces/${'s'.repeat(300)}`), 404, 'SPACE_NOT_FOUND');
    // A NUL can be in no id or slug: refused for every route before any handler, as plainly not found.
    expectProblem(await me.agent.get('/api/spaces/a%00b'), 404, 'NOT_FOUND');
    // Unknown, well-formed ids.
    expectProblem(await me.agent.post(`/api/spaces/${crypto.randomUUID()}/join`).send({}), 404, 'SPACE_NOT_FOUND');
    expectProblem(await me.agent.post(`/api/spaces/${space.id}/requests/${crypto.randomUUID()}/approve`), 404, 'REQUEST_NOT_FOUND');
    expect((await me.agent.get(`/api/spaces/${space.id}`)).body.name).toBe(space.name);
  });

  it.each([
    ['a cursor that is not ours', 'cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['a cursor with junk', "cursor=%27%20OR%201%3D1", 'cursor'],
    ['a cursor whose id is only dashes', `cursor=${Buffer.from(`2025-01-01T00:00:00.000Z|${'-'.repeat(36)}`).toString('base64url')}`, 'cursor'],
    ['a cursor on 30 February', `cursor=${Buffer.from(`2025-02-30T00:00:00.000Z|${crypto.randomUUID()}`).toString('base64url')}`, 'cursor'],
    ['a cursor whose time is a bare number', `cursor=${Buffer.from(`1|${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`).toString('base64url')}`, 'cursor'],
    ['limit 0', 'limit=0', 'limit'],
    ['limit 101', 'limit=101', 'limit'],
    ['limit not a number', 'limit=ten', 'limit'],
    ['unknown language', 'language=xx', 'language'],
    ['a NUL character in q', 'q=a%00b', 'q'],
    ['a bidi override in q', 'q=a%E2%80%AEb', 'q'],
    ['q given twice', 'q=a&q=b', 'q'],
  ])('listing with %s → 422', async (_label, query, path) => {
    const me = await registerUser(api.url);
    expectFieldError(await me.agent.get(`/api/spaces?${query}`), path);
  });

  it('join, invite, role, typing and read bodies are validated too', async () => {
    const host = await registerUser(api.url);
    const me = await registerUser(api.url);
    const space = await createSpace(host);
    expectFieldError(await join(me, space.id, { acceptGuidelines: 'yes' }), 'acceptGuidelines');
    expectFieldError(await join(me, space.id, { role: 'host' }), 'role');
    expectFieldError(await join(me, space.id, { inviteToken: 'short' }), 'inviteToken');
    expectFieldError(await join(me, space.id, { note: 'hello\u0000there' }), 'note');
    expectFieldError(await join(me, space.id, { note: 'x'.repeat(501) }), 'note');
    expectFieldError(await join(me, space.id, { note: 5 }), 'note');
    expect(await countRows('space_members', 'space_id = $1', [space.id])).toBe(1);
    await join(me, space.id).expect(200);

    expectFieldError(await host.agent.post(`/api/spaces/${space.id}/invites`).send({ maxUses: 0 }), 'maxUses');
    expectFieldError(await host.agent.post(`/api/spaces/${space.id}/invites`).send({ maxUses: '5' }), 'maxUses');
    expectFieldError(await host.agent.post(`/api/spaces/${space.id}/invites`).send({ expiresInHours: 24 * 91 }), 'expiresInHours');
    expect(await countRows('space_invites', 'space_id = $1', [space.id])).toBe(0);

    expectFieldError(await host.agent.patch(`/api/spaces/${space.id}/members/${me.user.id}`).send({}), 'role');
    expectFieldError(await me.agent.put(`/api/spaces/${space.id}/typing-preference`).send({ showTyping: 'true' }), 'showTyping');
    expectFieldError(await me.agent.post(`/api/spaces/${space.id}/read`).send({ seq: -1 }), 'seq');
    expectFieldError(await me.agent.post(`/api/spaces/${space.id}/read`).send({ seq: 'all' }), 'seq');
    const mine = (await me.agent.get(`/api/spaces/${space.id}`)).body.membership;
    expect(mine).toEqual(expect.objectContaining({ role: 'member', showTyping: false, lastReadSeq: 0 }));
  });
});
