import type { Message } from '@sorstars/shared';
import { startApi, type TestApi } from '../support/api-server.js';
import { call, closeAllSockets, connect, connectAndJoin, createSpace, nextEvent, send, sleep, type ChatClient } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * Two API processes on one database, sharing rooms through Redis. api2 never owns the database
 * (on the embedded one it reaches api1's PGlite through api1's socket), so it is the one killed.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const env = { REDIS_URL, CHAT_SEND_LIMIT: '1000' };

let api1: TestApi;
let api2: TestApi;
beforeAll(async () => {
  api1 = await startApi({ env });
  api2 = await startApi({ database: api1.database, env });
}, 60_000);
afterEach(() => closeAllSockets());
afterAll(async () => {
  await api2?.stop();
  await api1?.stop();
});

it('both processes use the Redis adapter', async () => {
  for (const api of [api1, api2]) {
    const health = await (await fetch(`${api.url}/api/health`)).json();
    expect(health).toEqual(expect.objectContaining({ status: 'ok', realtime: 'redis' }));
  }
});

it('a message sent through one process reaches a client on the other, both ways; removal reaches across too', async () => {
  const alice = await registerUser(api1.url);
  const bob = await registerUser(api1.url);
  const space = await createSpace(alice, {}, [bob]);
  const a = await connectAndJoin(api1.url, alice, space.id);
  const b = await connectAndJoin(api2.url, bob, space.id);

  const toBob = nextEvent(b, 'message:new');
  const fromAlice = await send(a, space.id, 'hello from process 1');
  expect((await toBob).message).toEqual(fromAlice);

  const toAlice = nextEvent(a, 'message:new');
  const fromBob = await send(b, space.id, 'hello from process 2');
  expect((await toAlice).message).toEqual(fromBob);

  const edited = nextEvent(b, 'message:updated');
  await call(a, 'message:edit', { messageId: fromAlice.id, body: 'edited on process 1' });
  expect((await edited).message.body).toBe('edited on process 1');

  // A host on process 1 removes Bob, whose socket is on process 2: he leaves the room at once.
  const removed = nextEvent(b, 'space:removed');
  await alice.agent.delete(`/api/spaces/${space.id}/members/${bob.user.id}`).expect(204);
  expect(await removed).toEqual({ spaceId: space.id });
  let heard = false;
  b.on('message:new', () => (heard = true));
  await send(a, space.id, 'after the removal');
  await sleep(300);
  expect(heard).toBe(false);
});

it("a reply reaches someone on the other process who blocked the person it quotes without the quote; removal ends that too", async () => {
  const alice = await registerUser(api1.url);
  const bob = await registerUser(api1.url);
  const carol = await registerUser(api1.url);
  const space = await createSpace(alice, {}, [bob, carol]);
  await carol.agent.post(`/api/users/${bob.user.id}/block`).expect(204);
  const a = await connectAndJoin(api1.url, alice, space.id);
  const b = await connectAndJoin(api1.url, bob, space.id);
  const c = await connectAndJoin(api2.url, carol, space.id);
  const original = await send(b, space.id, 'from bob');

  const toCarol = nextEvent(c, 'message:new');
  const reply = await send(a, space.id, 'a reply to bob', { replyToId: original.id });
  expect(reply.replyTo).toEqual(expect.objectContaining({ excerpt: 'from bob', blocked: false }));
  expect((await toCarol).message).toEqual({ ...reply, replyTo: { id: original.id, author: null, excerpt: '', deleted: false, blocked: true } });

  const removed = nextEvent(c, 'space:removed');
  await alice.agent.delete(`/api/spaces/${space.id}/members/${carol.user.id}`).expect(204);
  await removed;
  let heard = false;
  c.on('message:new', () => (heard = true));
  await send(a, space.id, 'another reply to bob', { replyToId: original.id });
  await sleep(300);
  expect(heard).toBe(false);
});

it('when a process dies mid-stream, its clients reconnect to the other and end with every message exactly once, in order', async () => {
  const sender = await registerUser(api1.url);
  const readers = await Promise.all([1, 2, 3].map(() => registerUser(api1.url)));
  const space = await createSpace(sender, {}, readers);
  const senderSocket = await connectAndJoin(api1.url, sender, space.id);

  /** What a client app does: keep messages by id, catch up from its last seen one after a reconnect. */
  class Reader {
    readonly byId = new Map<string, Message>();
    liveOld = 0;
    liveNew = 0;
    duplicatesLive = 0;
    caughtUp = 0;
    overlapSince = 0;
    reconnected: Promise<void> | null = null;
    constructor(
      readonly who: RegisteredUser,
      readonly socket: ChatClient,
    ) {
      socket.on('message:new', ({ message }) => {
        this.liveOld += 1;
        if (this.byId.has(message.id)) this.duplicatesLive += 1;
        this.byId.set(message.id, message);
      });
      socket.on('disconnect', () => {
        this.reconnected ??= this.failover();
      });
    }
    lastSeen(): Message | null {
      return [...this.byId.values()].sort((x, y) => y.seq - x.seq)[0] ?? null;
    }
    /** As a load balancer would: a new connection to the surviving process, same cookie. */
    private async failover(): Promise<void> {
      // What this client had when the old connection died: once the new one has joined, live
      // messages may land before the catch-up asks, and they must not move its starting point.
      const seenBefore = new Set(this.byId.keys());
      let after = this.lastSeen()?.id ?? null;
      const socket = await connect(api1.url, { cookie: this.who.cookie });
      socket.on('message:new', ({ message }) => {
        this.liveNew += 1;
        this.byId.set(message.id, message);
      });
      const joined = await call(socket, 'space:join', { spaceId: space.id });
      if (!joined.ok) throw new Error(`rejoin refused: ${JSON.stringify(joined)}`);
      for (;;) {
        const since = await call(socket, 'messages:since', { spaceId: space.id, afterId: after });
        if (!since.ok) throw new Error(`messages:since refused: ${JSON.stringify(since)}`);
        for (const m of since.messages) {
          if (seenBefore.has(m.id)) this.overlapSince += 1;
          this.caughtUp += 1;
          this.byId.set(m.id, m);
        }
        if (!since.hasMore || since.messages.length === 0) break;
        after = since.messages[since.messages.length - 1].id;
      }
    }
  }

  const clients = await Promise.all(readers.map(async (who) => new Reader(who, await connectAndJoin(api2.url, who, space.id))));

  const TOTAL = 40;
  const acked: Message[] = [];
  let killed: Promise<void> | null = null;
  for (let i = 1; i <= TOTAL; i++) {
    acked.push(await send(senderSocket, space.id, `steady ${i}`));
    if (i === TOTAL / 2) killed = api2.kill('SIGKILL');
    await sleep(40);
  }
  await killed;
  // Every client noticed the dead process and failed over (not merely: nothing happened yet).
  const noticed = Date.now() + 5_000;
  while (clients.some((c) => !c.reconnected) && Date.now() < noticed) await sleep(20);
  expect(clients.map((c) => !!c.reconnected)).toEqual([true, true, true]);
  await Promise.all(clients.map((c) => c.reconnected));
  // Let the last live broadcasts land.
  const deadline = Date.now() + 5_000;
  while (clients.some((c) => c.byId.size < TOTAL) && Date.now() < deadline) await sleep(20);

  const expected = acked.map((m) => m.id);
  expect(acked.map((m) => m.seq)).toEqual(Array.from({ length: TOTAL }, (_, i) => acked[0].seq + i));
  for (const c of clients) {
    const timeline = [...c.byId.values()].sort((x, y) => x.seq - y.seq);
    expect(timeline.map((m) => m.id)).toEqual(expected);
    expect(timeline.map((m) => m.body)).toEqual(acked.map((m) => m.body));
    // The old connection heard each message once, and catch-up began strictly after the last one seen.
    expect(c.duplicatesLive).toBe(0);
    expect(c.overlapSince).toBe(0);
    expect(c.liveOld).toBeGreaterThan(0);
    expect(c.liveOld).toBeLessThan(TOTAL);
    expect(c.liveOld + c.caughtUp + c.liveNew).toBeGreaterThanOrEqual(TOTAL);
  }
  // The survivor still serves everyone.
  expect((await fetch(`${api1.url}/api/health`)).status).toBe(200);
}, 30_000);
