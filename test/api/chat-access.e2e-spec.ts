import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import {
  call,
  closeAllSockets,
  collect,
  connect,
  connectAndJoin,
  connectError,
  createSpace,
  expectNoEvent,
  nextEvent,
  send,
  sleep,
} from '../support/sockets.js';
import { registerUser } from '../support/users.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

const messageCount = async (spaceId: string) => Number((await api.sql<{ n: string }>('SELECT count(*) AS n FROM messages WHERE space_id = $1', [spaceId]))[0].n);

describe('the Socket.IO handshake', () => {
  it('refuses a connection without credentials, with a garbage cookie, or a garbage token', async () => {
    expect(await connectError(api.url, {})).toBe('UNAUTHENTICATED');
    expect(await connectError(api.url, { cookie: 'sid=not-a-session' })).toBe('UNAUTHENTICATED');
    expect(await connectError(api.url, { token: 'sst_' + 'a'.repeat(43) })).toBe('UNAUTHENTICATED');
    expect(await connectError(api.url, { token: '' })).toBe('UNAUTHENTICATED');
  });

  it('accepts a personal access token in auth.token, and refuses it once revoked', async () => {
    const me = await registerUser(api.url);
    const space = await createSpace(me);
    const { id, token } = (await me.agent.post('/api/auth/tokens').send({ name: 'bot' }).expect(201)).body;
    const socket = await connect(api.url, { token });
    expect((await call(socket, 'space:join', { spaceId: space.id })).ok).toBe(true);
    const ack = await call(socket, 'message:send', { spaceId: space.id, clientId: crypto.randomUUID(), body: 'from a token' });
    expect(ack).toEqual({ ok: true, message: expect.objectContaining({ body: 'from a token', author: expect.objectContaining({ id: me.user.id }) }) });
    socket.close();

    await me.agent.delete(`/api/auth/tokens/${id}`).expect(204);
    expect(await connectError(api.url, { token })).toBe('UNAUTHENTICATED');
  });

  it('refuses the cookie of a session that logged out', async () => {
    const me = await registerUser(api.url);
    (await connect(api.url, { cookie: me.cookie })).close();
    await me.agent.post('/api/auth/logout').expect(204);
    expect(await connectError(api.url, { cookie: me.cookie })).toBe('UNAUTHENTICATED');
  });
});

describe('who may be in a space room', () => {
  it('a non-member of a public space: cannot join the room, read, catch up, send or type, and hears nothing', async () => {
    const host = await registerUser(api.url);
    const outsider = await registerUser(api.url);
    const space = await createSpace(host);
    const hostSocket = await connectAndJoin(api.url, host, space.id);
    const first = await send(hostSocket, space.id, 'hello members');

    const socket = await connect(api.url, { cookie: outsider.cookie });
    expect(await call(socket, 'space:join', { spaceId: space.id })).toEqual({ ok: false, error: 'NOT_A_MEMBER', message: expect.any(String) });
    expectProblem(await outsider.agent.get(`/api/spaces/${space.id}/messages`), 403, 'NOT_A_MEMBER');
    expectProblem(await outsider.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'hi' }), 403, 'NOT_A_MEMBER');
    expect(await call(socket, 'messages:since', { spaceId: space.id, afterId: null })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }));
    expect(await call(socket, 'messages:since', { spaceId: space.id, afterId: first.id })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }));
    expect(await call(socket, 'message:send', { spaceId: space.id, clientId: crypto.randomUUID(), body: 'let me in' })).toEqual(
      expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }),
    );
    expect(await call(socket, 'message:react', { messageId: first.id, kind: 'heart' })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }));
    expect(await call(socket, 'typing', { spaceId: space.id })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }));
    expectProblem(await outsider.agent.get(`/api/spaces/${space.id}/messages/${first.id}/revisions`), 403, 'NOT_A_MEMBER');
    // The page's one answer shows them the space, as GET /api/spaces/:id does, and no messages.
    const view = (await outsider.agent.get(`/api/spaces/${space.slug}/view`).expect(200)).body;
    expect(view).toEqual({ space: (await outsider.agent.get(`/api/spaces/${space.id}`).expect(200)).body, history: null });

    const silence = expectNoEvent(socket, ['message:new', 'message:updated', 'message:deleted', 'typing']);
    const second = await send(hostSocket, space.id, 'still members only');
    await call(hostSocket, 'message:edit', { messageId: second.id, body: 'edited' });
    await call(hostSocket, 'message:delete', { messageId: first.id });
    await silence;
    expect(await messageCount(space.id)).toBe(2);
  });

  it('a hidden space looks exactly like one that does not exist', async () => {
    const host = await registerUser(api.url);
    const outsider = await registerUser(api.url);
    const space = await createSpace(host, { visibility: 'hidden' });
    const hostSocket = await connectAndJoin(api.url, host, space.id);
    const msg = await send(hostSocket, space.id, 'secret');
    const socket = await connect(api.url, { cookie: outsider.cookie });
    const missing = crypto.randomUUID();
    for (const spaceId of [space.id, missing]) {
      expect(await call(socket, 'space:join', { spaceId })).toEqual({ ok: false, error: 'SPACE_NOT_FOUND', message: expect.any(String) });
      expect(await call(socket, 'messages:since', { spaceId })).toEqual(expect.objectContaining({ ok: false, error: 'SPACE_NOT_FOUND' }));
      expect(await call(socket, 'message:send', { spaceId, clientId: crypto.randomUUID(), body: 'hi' })).toEqual(expect.objectContaining({ ok: false, error: 'SPACE_NOT_FOUND' }));
      expect(await call(socket, 'typing', { spaceId })).toEqual(expect.objectContaining({ ok: false, error: 'SPACE_NOT_FOUND' }));
      expectProblem(await outsider.agent.get(`/api/spaces/${spaceId}/messages`), 404, 'SPACE_NOT_FOUND');
      expectProblem(await outsider.agent.get(`/api/spaces/${spaceId}/view`), 404, 'SPACE_NOT_FOUND');
    }
    expectProblem(await outsider.agent.get(`/api/spaces/${space.slug}/view`), 404, 'SPACE_NOT_FOUND');
    expectProblem(await outsider.agent.get(`/api/spaces/${space.slug}/view?around=${msg.id}`), 404, 'SPACE_NOT_FOUND');
    // A message in it can't be reached by id either.
    expect(await call(socket, 'message:react', { messageId: msg.id, kind: 'heart' })).toEqual(expect.objectContaining({ ok: false, error: 'SPACE_NOT_FOUND' }));
    expect(await call(socket, 'message:edit', { messageId: msg.id, body: 'mine now' })).toEqual(expect.objectContaining({ ok: false, error: 'SPACE_NOT_FOUND' }));
    expectProblem(await outsider.agent.get(`/api/spaces/${space.id}/messages/${msg.id}/revisions`), 404, 'SPACE_NOT_FOUND');
    expect(await messageCount(space.id)).toBe(1);
  });

  it('a private space: a pending requester is not a member yet', async () => {
    const host = await registerUser(api.url);
    const asker = await registerUser(api.url);
    const space = await createSpace(host, { visibility: 'private' });
    await asker.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
    const socket = await connect(api.url, { cookie: asker.cookie });
    expect(await call(socket, 'space:join', { spaceId: space.id })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }));
    await send(await connectAndJoin(api.url, host, space.id), space.id, 'for members');
    expect((await asker.agent.get(`/api/spaces/${space.id}/view`).expect(200)).body.history).toBeNull();
  });

  it('a removed member is taken out of the room at once (every tab), hears nothing more, and cannot send or rejoin', async () => {
    const host = await registerUser(api.url);
    const member = await registerUser(api.url);
    const space = await createSpace(host, {}, [member]);
    const hostSocket = await connectAndJoin(api.url, host, space.id);
    const tab1 = await connectAndJoin(api.url, member, space.id);
    const tab2 = await connectAndJoin(api.url, member, space.id);
    const own = await send(tab1, space.id, 'before removal');

    const removed = Promise.all([nextEvent(tab1, 'space:removed'), nextEvent(tab2, 'space:removed')]);
    await host.agent.delete(`/api/spaces/${space.id}/members/${member.user.id}`).expect(204);
    expect(await removed).toEqual([{ spaceId: space.id }, { spaceId: space.id }]);

    const silence = expectNoEvent([tab1, tab2], ['message:new', 'message:updated', 'message:deleted']);
    const after = await send(hostSocket, space.id, 'after removal');
    await call(hostSocket, 'message:react', { messageId: after.id, kind: 'hug' });
    await silence;

    expect(await call(tab1, 'message:send', { spaceId: space.id, clientId: crypto.randomUUID(), body: 'am I still here?' })).toEqual(
      expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }),
    );
    expect(await call(tab1, 'space:join', { spaceId: space.id })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }));
    expect((await member.agent.get(`/api/spaces/${space.id}/view`).expect(200)).body).toEqual(expect.objectContaining({ history: null }));
    expect(await call(tab2, 'messages:since', { spaceId: space.id, afterId: own.id })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }));
    expect(await call(tab2, 'message:edit', { messageId: own.id, body: 'rewritten' })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }));
    expect(await call(tab2, 'message:delete', { messageId: own.id })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }));
    expect(await messageCount(space.id)).toBe(2);
    const history = (await host.agent.get(`/api/spaces/${space.id}/messages`).expect(200)).body.items;
    expect(history.find((m: { id: string }) => m.id === own.id).body).toBe('before removal');
  });

  it('a member removed while briefly offline does not get the room back when the connection comes back', async () => {
    const host = await registerUser(api.url);
    const member = await registerUser(api.url);
    const space = await createSpace(host, {}, [member]);
    const hostSocket = await connectAndJoin(api.url, host, space.id);
    const socket = await connect(api.url, { cookie: member.cookie });
    expect((await call(socket, 'space:join', { spaceId: space.id })).ok).toBe(true);
    const got = nextEvent(socket, 'message:new');
    await send(hostSocket, space.id, 'heard before the drop');
    await got;

    // A network drop (not a deliberate disconnect), then the client connects again.
    const dropped = nextEvent(socket as never, 'disconnect' as never);
    (socket.io.engine as unknown as { close(): void }).close();
    await dropped;
    await sleep(100); // let the server notice the drop
    await host.agent.delete(`/api/spaces/${space.id}/members/${member.user.id}`).expect(204);
    await send(hostSocket, space.id, 'said after the removal, while they were offline');

    const heard = collect(socket, 'message:new');
    const reconnected = nextEvent(socket as never, 'connect' as never);
    socket.connect();
    await reconnected;
    await send(hostSocket, space.id, 'said after they came back');
    await new Promise((r) => setTimeout(r, 300));
    expect(heard.items.map((e) => e.message.body)).toEqual([]);
  });

  it('a member briefly offline is back in no room until they join again, then catches up on what they missed', async () => {
    const host = await registerUser(api.url);
    const member = await registerUser(api.url);
    const space = await createSpace(host, {}, [member]);
    const hostSocket = await connectAndJoin(api.url, host, space.id);
    const socket = await connectAndJoin(api.url, member, space.id);
    const got = nextEvent(socket, 'message:new');
    const first = await send(hostSocket, space.id, 'first');
    await got;
    const dropped = nextEvent(socket as never, 'disconnect' as never);
    (socket.io.engine as unknown as { close(): void }).close();
    await dropped;
    await sleep(100); // let the server notice the drop
    const missed = await send(hostSocket, space.id, 'missed while offline');
    const reconnected = nextEvent(socket as never, 'connect' as never);
    socket.connect();
    await reconnected;
    // A fresh connection: no connection state is kept to recover, so no room and no replay.
    expect(socket.recovered).toBeFalsy();
    const silence = expectNoEvent(socket, 'message:new');
    const beforeJoin = await send(hostSocket, space.id, 'before they join again');
    await silence;

    expect((await call(socket, 'space:join', { spaceId: space.id })).ok).toBe(true);
    const heard = nextEvent(socket, 'message:new');
    const later = await send(hostSocket, space.id, 'after');
    expect((await heard).message.id).toBe(later.id);
    const since = await call(socket, 'messages:since', { spaceId: space.id, afterId: first.id });
    expect(since.ok && since.messages.map((m) => m.id)).toEqual([missed.id, beforeJoin.id, later.id]);
  });

  it('a moderator removing a member has the same effect', async () => {
    const host = await registerUser(api.url);
    const moderator = await registerUser(api.url);
    const member = await registerUser(api.url);
    const space = await createSpace(host, {}, [moderator, member]);
    await host.agent.patch(`/api/spaces/${space.id}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
    const modSocket = await connectAndJoin(api.url, moderator, space.id);
    const socket = await connectAndJoin(api.url, member, space.id);
    const removed = nextEvent(socket, 'space:removed');
    await moderator.agent.delete(`/api/spaces/${space.id}/members/${member.user.id}`).expect(204);
    expect(await removed).toEqual({ spaceId: space.id });
    const silence = expectNoEvent(socket, 'message:new');
    await send(modSocket, space.id, 'moderated');
    await silence;
  });

  it('someone who leaves gets space:removed, hears nothing more, and cannot send', async () => {
    const host = await registerUser(api.url);
    const leaver = await registerUser(api.url);
    const space = await createSpace(host, {}, [leaver]);
    const hostSocket = await connectAndJoin(api.url, host, space.id);
    const socket = await connectAndJoin(api.url, leaver, space.id);
    const removed = nextEvent(socket, 'space:removed');
    await leaver.agent.post(`/api/spaces/${space.id}/leave`).expect(204);
    expect(await removed).toEqual({ spaceId: space.id });
    const silence = expectNoEvent(socket, ['message:new', 'typing']);
    await send(hostSocket, space.id, 'bye');
    await silence;
    expect(await call(socket, 'message:send', { spaceId: space.id, clientId: crypto.randomUUID(), body: 'one more thing' })).toEqual(
      expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }),
    );
    expect(await messageCount(space.id)).toBe(1);

    // Joining the space again (public) lets them back into the room.
    await leaver.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
    expect((await call(socket, 'space:join', { spaceId: space.id })).ok).toBe(true);
    const back = nextEvent(socket, 'message:new');
    const welcome = await send(hostSocket, space.id, 'welcome back');
    expect((await back).message.id).toBe(welcome.id);
  });

  it('space:leave stops the broadcasts to that socket; the membership stays', async () => {
    const host = await registerUser(api.url);
    const member = await registerUser(api.url);
    const space = await createSpace(host, {}, [member]);
    const hostSocket = await connectAndJoin(api.url, host, space.id);
    const socket = await connectAndJoin(api.url, member, space.id);
    expect(await call(socket, 'space:leave', { spaceId: space.id })).toEqual({ ok: true });
    const silence = expectNoEvent(socket, 'message:new');
    const msg = await send(hostSocket, space.id, 'quiet');
    await silence;
    expect((await member.agent.get(`/api/spaces/${space.id}`)).body.membership.role).toBe('member');
    const caught = await call(socket, 'messages:since', { spaceId: space.id, afterId: null });
    expect(caught).toEqual({ ok: true, messages: [expect.objectContaining({ id: msg.id })], hasMore: false });
  });
});

describe('typing', () => {
  it('is relayed only for people who opted in, never back to the typer nor to people who blocked them', async () => {
    const typer = await registerUser(api.url, { displayName: 'Typer' });
    const reader = await registerUser(api.url);
    const blocker = await registerUser(api.url);
    const shy = await registerUser(api.url);
    const space = await createSpace(typer, {}, [reader, blocker, shy]);
    await blocker.agent.post(`/api/users/${typer.user.id}/block`).expect(204);
    const [typerSocket, readerSocket, blockerSocket, shySocket] = await Promise.all(
      [typer, reader, blocker, shy].map((who) => connectAndJoin(api.url, who, space.id)),
    );

    // Not opted in (the default): nobody hears it, yet the ack is ok.
    let silence = expectNoEvent([typerSocket, readerSocket, blockerSocket, shySocket], 'typing');
    expect(await call(typerSocket, 'typing', { spaceId: space.id })).toEqual({ ok: true });
    await silence;

    const pref = await typer.agent.put(`/api/spaces/${space.id}/typing-preference`).send({ showTyping: true }).expect(200);
    expect(pref.body.membership.showTyping).toBe(true);
    silence = expectNoEvent([typerSocket, blockerSocket], 'typing');
    const heard = Promise.all([nextEvent(readerSocket, 'typing'), nextEvent(shySocket, 'typing')]);
    expect(await call(typerSocket, 'typing', { spaceId: space.id })).toEqual({ ok: true });
    const expected = { spaceId: space.id, user: { id: typer.user.id, username: typer.user.username, displayName: 'Typer' } };
    expect(await heard).toEqual([expected, expected]);
    await silence;

    // The shy one has not opted in: their typing goes nowhere.
    silence = expectNoEvent([typerSocket, readerSocket, blockerSocket], 'typing');
    expect(await call(shySocket, 'typing', { spaceId: space.id })).toEqual({ ok: true });
    await silence;

    // Opting out again stops it.
    await typer.agent.put(`/api/spaces/${space.id}/typing-preference`).send({ showTyping: false }).expect(200);
    silence = expectNoEvent([readerSocket, shySocket], 'typing');
    await call(typerSocket, 'typing', { spaceId: space.id });
    await silence;
  });
});

describe('blocking in chat', () => {
  it("hides the blocked person's messages from the blocker only: live, in history, in catch-up and unread counts", async () => {
    const blocked = await registerUser(api.url);
    const blocker = await registerUser(api.url);
    const bystander = await registerUser(api.url);
    const space = await createSpace(bystander, {}, [blocked, blocker]);
    await blocker.agent.post(`/api/users/${blocked.user.id}/block`).expect(204);
    const [blockedSocket, blockerSocket, bystanderSocket] = await Promise.all(
      [blocked, blocker, bystander].map((who) => connectAndJoin(api.url, who, space.id)),
    );
    // Everyone hears 'start' before collecting starts: its broadcast may land just after the ack.
    const startHeard = [blockedSocket, blockerSocket, bystanderSocket].map((s) => nextEvent(s, 'message:new'));
    const start = await send(bystanderSocket, space.id, 'start');
    await Promise.all(startHeard);

    const blockerHears = collect(blockerSocket, 'message:new');
    const bystanderHears = collect(bystanderSocket, 'message:new');
    const hidden = await send(blockedSocket, space.id, 'from the blocked one');
    const edited = await call(blockedSocket, 'message:edit', { messageId: hidden.id, body: 'edited by the blocked one' });
    expect(edited.ok).toBe(true);
    const blockerUpdates = collect(blockerSocket, 'message:updated');
    await call(bystanderSocket, 'message:react', { messageId: hidden.id, kind: 'hug' });
    const visible = await send(blockerSocket, space.id, 'from the blocker');
    const bystanderMsg = await send(bystanderSocket, space.id, 'from the bystander');

    await bystanderHears.waitFor(3);
    await blockerHears.waitFor(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(bystanderHears.items.map((e) => e.message.id)).toEqual([hidden.id, visible.id, bystanderMsg.id]);
    expect(blockerHears.items.map((e) => e.message.id)).toEqual([visible.id, bystanderMsg.id]);
    expect(blockerUpdates.items).toEqual([]);

    const historyIds = async (who: typeof blocker) => (await who.agent.get(`/api/spaces/${space.id}/messages`).expect(200)).body.items.map((m: { id: string }) => m.id);
    expect(await historyIds(blocker)).toEqual([bystanderMsg.id, visible.id, start.id]);
    const viewIds = (await blocker.agent.get(`/api/spaces/${space.slug}/view`).expect(200)).body.history.items.map((m: { id: string }) => m.id);
    expect(viewIds).toEqual([bystanderMsg.id, visible.id, start.id]);
    expect(await historyIds(bystander)).toEqual([bystanderMsg.id, visible.id, hidden.id, start.id]);
    // Blocking is one-way: the blocked person still sees the blocker's message.
    expect(await historyIds(blocked)).toEqual([bystanderMsg.id, visible.id, hidden.id, start.id]);

    const since = await call(blockerSocket, 'messages:since', { spaceId: space.id, afterId: start.id });
    expect(since.ok && since.messages.map((m) => m.id)).toEqual([visible.id, bystanderMsg.id]);
    const bystanderSince = await call(bystanderSocket, 'messages:since', { spaceId: space.id, afterId: start.id });
    expect(bystanderSince.ok && bystanderSince.messages.map((m) => m.id)).toEqual([hidden.id, visible.id, bystanderMsg.id]);

    // Unread: the blocker counts only the bystander's two (start, and the last one), never the blocked one's.
    expect((await blocker.agent.get(`/api/spaces/${space.id}`)).body.unreadCount).toBe(2);
    expect((await bystander.agent.get(`/api/spaces/${space.id}`)).body.unreadCount).toBe(2);
    expect((await blocked.agent.get(`/api/spaces/${space.id}`)).body.unreadCount).toBe(3);

    // Unblocking shows them again.
    await blocker.agent.delete(`/api/users/${blocked.user.id}/block`).expect(204);
    expect(await historyIds(blocker)).toEqual([bystanderMsg.id, visible.id, hidden.id, start.id]);
  });

  it("leaves a blocked person's words out of the replies that quote them: live, in history and catch-up, and in the replier's own copy", async () => {
    const blocked = await registerUser(api.url);
    const blocker = await registerUser(api.url);
    const bystander = await registerUser(api.url);
    const space = await createSpace(bystander, {}, [blocked, blocker]);
    const [blockedSocket, blockerSocket, bystanderSocket] = await Promise.all(
      [blocked, blocker, bystander].map((who) => connectAndJoin(api.url, who, space.id)),
    );
    // A socket of the blocker that never joined this space: copies meant for their sockets in it do not
    // reach this one; only their own message does, as it reaches all of a person's sockets.
    const blockerElsewhere = await connect(api.url, { cookie: blocker.cookie });
    const original = await send(blockedSocket, space.id, 'words of the one who will be blocked');
    await blocker.agent.post(`/api/users/${blocked.user.id}/block`).expect(204);
    const fullQuote = { id: original.id, author: expect.objectContaining({ id: blocked.user.id }), excerpt: original.body, deleted: false, blocked: false };
    const noQuote = { id: original.id, author: null, excerpt: '', deleted: false, blocked: true };

    const heard = [blockedSocket, blockerSocket, bystanderSocket].map((s) => collect(s, 'message:new'));
    const updates = [blockedSocket, blockerSocket, bystanderSocket].map((s) => collect(s, 'message:updated'));
    const elsewhere = [collect(blockerElsewhere, 'message:new'), collect(blockerElsewhere, 'message:updated')];
    const reply = await send(bystanderSocket, space.id, 'a reply from the bystander', { replyToId: original.id });
    expect(reply.replyTo).toEqual(fullQuote);
    const edited = await call(bystanderSocket, 'message:edit', { messageId: reply.id, body: 'the reply, edited' });
    expect(edited.ok && edited.message.replyTo).toEqual(fullQuote);
    // The blocker replies too, by the id: their own answer and copies leave the quote out; everyone else's keep it.
    const blockersReply = await send(blockerSocket, space.id, 'a reply from the blocker', { replyToId: original.id });
    expect(blockersReply.replyTo).toEqual(noQuote);

    await Promise.all(heard.map((h) => h.waitFor(2)));
    await Promise.all(updates.map((u) => u.waitFor(1)));
    await sleep(300);
    expect(elsewhere[0].items.map((e) => [e.message.id, e.message.replyTo])).toEqual([[blockersReply.id, noQuote]]);
    expect(elsewhere[1].items).toEqual([]);
    const [blockedHeard, blockerHeard, bystanderHeard] = heard.map((h) => h.items.map((e) => e.message));
    for (const got of [blockedHeard, bystanderHeard]) expect(got.map((m) => [m.id, m.replyTo])).toEqual([[reply.id, fullQuote], [blockersReply.id, fullQuote]]);
    expect(blockerHeard.map((m) => [m.id, m.body, m.replyTo])).toEqual([[reply.id, reply.body, noQuote], [blockersReply.id, blockersReply.body, noQuote]]);
    const [blockedUpdates, blockerUpdates, bystanderUpdates] = updates.map((u) => u.items.map((e) => e.message));
    for (const got of [blockedUpdates, bystanderUpdates]) expect(got.map((m) => [m.body, m.replyTo])).toEqual([['the reply, edited', fullQuote]]);
    expect(blockerUpdates.map((m) => [m.body, m.replyTo])).toEqual([['the reply, edited', noQuote]]);

    const quotes = (items: { id: string; replyTo: unknown }[]) => items.filter((m) => m.id !== original.id).map((m) => [m.id, m.replyTo]);
    const history = async (who: typeof blocker) => quotes((await who.agent.get(`/api/spaces/${space.id}/messages`).expect(200)).body.items);
    expect(await history(blocker)).toEqual([[blockersReply.id, noQuote], [reply.id, noQuote]]);
    expect(quotes((await blocker.agent.get(`/api/spaces/${space.slug}/view`).expect(200)).body.history.items)).toEqual([[blockersReply.id, noQuote], [reply.id, noQuote]]);
    for (const who of [bystander, blocked]) expect(await history(who)).toEqual([[blockersReply.id, fullQuote], [reply.id, fullQuote]]);
    const since = await call(blockerSocket, 'messages:since', { spaceId: space.id, afterId: original.id });
    expect(since.ok && quotes(since.messages)).toEqual([[reply.id, noQuote], [blockersReply.id, noQuote]]);

    // Unblocking brings the quotes back.
    await blocker.agent.delete(`/api/users/${blocked.user.id}/block`).expect(204);
    expect(await history(blocker)).toEqual([[blockersReply.id, fullQuote], [reply.id, fullQuote]]);
  });

  it("tells every open page of the blocker, and nobody else, whom they blocked", async () => {
    const blocked = await registerUser(api.url);
    const blocker = await registerUser(api.url);
    const space = await createSpace(blocked, {}, [blocker]);
    const [inSpace, elsewhere, blockedSocket] = await Promise.all([
      connectAndJoin(api.url, blocker, space.id),
      connect(api.url, { cookie: blocker.cookie }),
      connectAndJoin(api.url, blocked, space.id),
    ]);
    const heard = [nextEvent(inSpace, 'user:blocked'), nextEvent(elsewhere, 'user:blocked')];
    const silence = expectNoEvent(blockedSocket, 'user:blocked', 1_000);
    await blocker.agent.post(`/api/users/${blocked.user.id}/block`).expect(204);
    expect(await Promise.all(heard)).toEqual([{ userId: blocked.user.id }, { userId: blocked.user.id }]);
    await silence;
  });

  it('REST history and sends need credentials', async () => {
    const host = await registerUser(api.url);
    const space = await createSpace(host);
    expectProblem(await request(api.url).get(`/api/spaces/${space.id}/messages`), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).get(`/api/spaces/${space.slug}/view`), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'x' }), 401, 'UNAUTHENTICATED');
    expect(await messageCount(space.id)).toBe(0);
  });
});

describe("a space's page in one answer (GET /api/spaces/:idOrSlug/view)", () => {
  it('gives a member the space and the page of messages GET …/messages gives, by slug or id, before or around a message', async () => {
    const host = await registerUser(api.url);
    const member = await registerUser(api.url);
    const space = await createSpace(host, {}, [member]);
    const socket = await connectAndJoin(api.url, host, space.id);
    const sent = [];
    for (let i = 0; i < 7; i++) sent.push(await send(socket, space.id, `message ${i}`));

    for (const ref of [space.slug, space.id]) {
      const view = (await member.agent.get(`/api/spaces/${ref}/view?limit=3`).expect(200)).body;
      expect(view.space).toEqual((await member.agent.get(`/api/spaces/${space.id}`).expect(200)).body);
      expect(view.history).toEqual((await member.agent.get(`/api/spaces/${space.id}/messages?limit=3`).expect(200)).body);
      expect(view.history.items.map((m: { body: string }) => m.body)).toEqual(['message 6', 'message 5', 'message 4']);
    }
    for (const query of [`before=${sent[4].id}&limit=2`, `around=${sent[2].id}&limit=5`, '']) {
      const view = (await member.agent.get(`/api/spaces/${space.slug}/view?${query}`).expect(200)).body;
      expect(view.history).toEqual((await member.agent.get(`/api/spaces/${space.id}/messages?${query}`).expect(200)).body);
    }
  });

  it("shows no messages in a one-to-one conversation's space, which is read as the conversation", async () => {
    const writer = await registerUser(api.url);
    const reader = await registerUser(api.url);
    const conversation = (await writer.agent.post('/api/conversations').send({ userId: reader.user.id }).expect(200)).body;
    await writer.agent.post(`/api/spaces/${conversation.spaceId}/messages`).send({ clientId: crypto.randomUUID(), body: 'hello' }).expect(201);
    const view = (await writer.agent.get(`/api/spaces/${conversation.spaceId}/view`).expect(200)).body;
    expect(view).toEqual({ space: expect.objectContaining({ id: conversation.spaceId, conversationId: conversation.id }), history: null });
    expectProblem(await (await registerUser(api.url)).agent.get(`/api/spaces/${conversation.spaceId}/view`), 404, 'SPACE_NOT_FOUND');
  });

  it('shows no messages to a member who has not accepted the guidelines as they now read', async () => {
    const host = await registerUser(api.url);
    const member = await registerUser(api.url);
    const space = await createSpace(host, { guidelines: 'Be kind.' });
    await member.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true }).expect(200);
    await send(await connectAndJoin(api.url, host, space.id), space.id, 'hello');
    expect((await member.agent.get(`/api/spaces/${space.slug}/view`).expect(200)).body.history.items).toHaveLength(1);
    await host.agent.patch(`/api/spaces/${space.id}`).send({ guidelines: 'Be kind. No names.' }).expect(200);
    const view = (await member.agent.get(`/api/spaces/${space.slug}/view`).expect(200)).body;
    expect(view.space.membership.guidelinesAccepted).toBe(false);
    expect(view.history).toBeNull();
  });

  it('answers bad input with a problem, as the history does', async () => {
    const host = await registerUser(api.url);
    const space = await createSpace(host);
    const unknown = crypto.randomUUID();
    expectProblem(await host.agent.get(`/api/spaces/${space.slug}/view?before=${unknown}`), 404, 'MESSAGE_NOT_FOUND');
    expectProblem(await host.agent.get(`/api/spaces/${space.slug}/view?around=${unknown}`), 404, 'MESSAGE_NOT_FOUND');
    for (const [query, field] of [['limit=0', 'limit'], ['limit=101', 'limit'], ['limit=ten', 'limit'], ['before=not-a-uuid', 'before']]) {
      expectFieldError(await host.agent.get(`/api/spaces/${space.slug}/view?${query}`), field);
    }
    // A reference no space can have (too long, a NUL) is a 404, as for the space itself.
    for (const ref of ['x'.repeat(101), 'a%00b']) {
      const plain = await host.agent.get(`/api/spaces/${ref}`);
      expect(plain.status).toBe(404);
      expectProblem(await host.agent.get(`/api/spaces/${ref}/view`), 404, plain.body.code);
    }
  });
});
