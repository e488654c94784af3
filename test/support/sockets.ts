import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@sorstars/shared';

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;
type ServerEvent = keyof ServerToClientEvents;
type Payload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

/** How to authenticate a socket: the `sid=...` cookie pair, or a personal access token. */
export type SocketAuth = { cookie: string } | { token: string } | Record<string, never>;

const open = new Set<ChatClient>();

/** A socket that has not connected yet (for connect_error tests); closed by closeAllSockets(). */
export function rawSocket(url: string, auth: SocketAuth, options: { reconnection?: boolean } = {}): ChatClient {
  const socket: ChatClient = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection ?? false,
    timeout: 5_000,
    ...('cookie' in auth ? { extraHeaders: { cookie: auth.cookie as string } } : {}),
    ...('token' in auth ? { auth: { token: auth.token } } : {}),
  });
  open.add(socket);
  return socket;
}

/** Connects and resolves once the handshake succeeded; rejects with the connect_error. */
export function connect(url: string, auth: SocketAuth, options: { reconnection?: boolean } = {}): Promise<ChatClient> {
  const socket = rawSocket(url, auth, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** The connect_error message a socket gets (fails if it connects instead). */
export function connectError(url: string, auth: SocketAuth): Promise<string> {
  const socket = rawSocket(url, auth);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('connected, but a connect_error was expected'));
    });
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(err.message);
    });
  });
}

/** Emits an event and resolves with its ack. */
export function call<E extends keyof ClientToServerEvents>(
  socket: ChatClient,
  event: E,
  payload: unknown,
  timeoutMs = 5_000,
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return (socket.timeout(timeoutMs).emitWithAck as (e: string, p: unknown) => Promise<never>)(event, payload);
}

/** Resolves with the next `name` event (optionally the next one matching `filter`). */
export function nextEvent<E extends ServerEvent>(
  socket: ChatClient,
  name: E,
  timeoutMs = 3_000,
  filter: (payload: Payload<E>) => boolean = () => true,
): Promise<Payload<E>> {
  return new Promise((resolve, reject) => {
    const listener = (payload: Payload<E>) => {
      if (!filter(payload)) return;
      clearTimeout(timer);
      (socket.off as (e: string, l: unknown) => void)(name, listener);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      (socket.off as (e: string, l: unknown) => void)(name, listener);
      reject(new Error(`no ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    (socket.on as (e: string, l: unknown) => void)(name, listener);
  });
}

/** Records every `name` event from now on; `stop()` detaches. */
export function collect<E extends ServerEvent>(socket: ChatClient, name: E) {
  const items: Payload<E>[] = [];
  const listener = (payload: Payload<E>) => items.push(payload);
  (socket.on as (e: string, l: unknown) => void)(name, listener);
  return {
    items,
    stop: () => (socket.off as (e: string, l: unknown) => void)(name, listener),
    /** Resolves once `count` events are in (or rejects after timeoutMs). */
    async waitFor(count: number, timeoutMs = 5_000): Promise<Payload<E>[]> {
      const deadline = Date.now() + timeoutMs;
      while (items.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${items.length} of ${count} ${name} events within ${timeoutMs} ms`);
        await sleep(10);
      }
      return items;
    },
  };
}

/**
 * Asserts that none of the sockets gets any of the events within the window. Start it before the
 * action (it listens at once), then await it after.
 */
export function expectNoEvent(sockets: ChatClient | ChatClient[], names: ServerEvent | ServerEvent[], windowMs = 300): Promise<void> {
  const list = Array.isArray(sockets) ? sockets : [sockets];
  const events = Array.isArray(names) ? names : [names];
  const seen: string[] = [];
  const listeners = list.flatMap((socket, i) =>
    events.map((name) => {
      const listener = (payload: unknown) => seen.push(`socket ${i} got ${name}: ${JSON.stringify(payload)}`);
      (socket.on as (e: string, l: unknown) => void)(name, listener);
      return () => (socket.off as (e: string, l: unknown) => void)(name, listener);
    }),
  );
  return sleep(windowMs).then(() => {
    for (const off of listeners) off();
    expect(seen).toEqual([]);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads until `done` says so or `ms` pass, answering the last value read (the caller's expect shows what it was). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000, everyMs = 100): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < end) {
    await sleep(everyMs);
    value = await read();
  }
  return value;
}

/** Closes every socket these helpers opened (call in afterEach/afterAll). */
export function closeAllSockets(): void {
  for (const socket of open) socket.close();
  open.clear();
}

/** REST shortcuts the chat tests share: a space made by `owner`, with `members` joined (public). */
type SpaceBody = { id: string; slug: string; name: string; visibility: string };
type Agent = { post: (path: string) => { send: (body: object) => PromiseLike<{ status: number; body: SpaceBody; text: string }> } };
let spaceCounter = 0;
export async function createSpace(
  owner: { agent: Agent },
  overrides: Record<string, unknown> = {},
  members: { agent: Agent }[] = [],
): Promise<SpaceBody> {
  spaceCounter += 1;
  const res = await owner.agent
    .post('/api/spaces')
    .send({ name: `Chat ${spaceCounter} ${Date.now().toString(36)}`, description: 'Talk.', visibility: 'public', ...overrides });
  if (res.status !== 201) throw new Error(`create space answered ${res.status}: ${res.text}`);
  for (const member of members) {
    const joined = await member.agent.post(`/api/spaces/${res.body.id}/join`).send({ acceptGuidelines: true });
    if (joined.status !== 200) throw new Error(`join answered ${joined.status}: ${joined.text}`);
  }
  return res.body;
}

/** Connects as `who` (by cookie) and joins the space's room; fails loudly if the join is refused. */
export async function connectAndJoin(url: string, who: { cookie: string }, spaceId: string): Promise<ChatClient> {
  const socket = await connect(url, { cookie: who.cookie });
  const ack = await call(socket, 'space:join', { spaceId });
  if (!ack.ok) throw new Error(`space:join refused: ${JSON.stringify(ack)}`);
  return socket;
}

/** Sends one message and returns it; fails loudly on an error ack. */
export async function send(socket: ChatClient, spaceId: string, body: string, extra: { clientId?: string; replyToId?: string } = {}) {
  const ack = await call(socket, 'message:send', { spaceId, clientId: extra.clientId ?? crypto.randomUUID(), body, ...(extra.replyToId && { replyToId: extra.replyToId }) });
  if (!ack.ok) throw new Error(`message:send refused: ${JSON.stringify(ack)}`);
  return ack.message;
}
