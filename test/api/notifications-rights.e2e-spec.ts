import { startApi, type TestApi } from '../support/api-server.js';
import { call, closeAllSockets, connect, connectAndJoin, createSpace, nextEvent, until } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * A notification carries only what its recipient may read now, wherever it is read: every list,
 * every unread count, the live `notification:new` and the privacy export ask one predicate
 * (notificationReadableSql). Each row of the table gives someone a notification, checks that
 * every route shows it and counts it alike, takes their right away — a keeper demoted, a
 * safeguarding lead who lost the role, a member removed from a private space, the message deleted
 * or hidden by a moderator, the sender of a direct message blocked — and checks that every route
 * has dropped it, the live event's count included. One API for the whole file.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startApi({ env: { NOTIFY_INTERVAL_MS: '200', CHAT_SEND_LIMIT: '1000' } });
}, 90_000);
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

type Json = Record<string, unknown>;
interface Item {
  kind: string;
  data: Json;
}
/** What one route shows a person: the notifications it lists (null: it lists none) and its unread count (null: it gives none). */
interface Seen {
  items: Item[] | null;
  unread: number | null;
}

/** Every way a person reads their notifications over HTTP. */
const ROUTES: { name: string; read: (who: RegisteredUser) => Promise<Seen> }[] = [
  { name: 'GET /api/notifications', read: async (who) => pick((await who.agent.get('/api/notifications').expect(200)).body) },
  { name: 'GET /api/notifications?unread=true', read: async (who) => pick((await who.agent.get('/api/notifications?unread=true').expect(200)).body) },
  { name: 'GET /api/me/notifications', read: async (who) => pick((await who.agent.get('/api/me/notifications').expect(200)).body) },
  { name: 'GET /api/me/notifications/unread-count', read: async (who) => ({ items: null, unread: (await who.agent.get('/api/me/notifications/unread-count').expect(200)).body.unread }) },
  { name: 'GET /api/me/home', read: async (who) => pick((await who.agent.get('/api/me/home').expect(200)).body.notifications) },
  { name: 'GET /api/me/export', read: async (who) => ({ items: (await who.agent.get('/api/me/export').expect(200)).body.notifications, unread: null }) },
  // Every signed-in page's count: read in the statement that looks up the page call's session.
  { name: "a page's frame along (X-Include-Layout), its unread-count", read: async (who) => ({ items: null, unread: frameAlong(await who.agent.get('/api/me').set('X-Include-Layout', '1').expect(200)).unreadNotifications }) },
];
const frameAlong = (res: { headers: Record<string, string> }) => JSON.parse(Buffer.from(res.headers['x-layout'], 'base64').toString('utf8'));
const pick = (body: { items: Item[]; unread: number }): Seen => ({ items: body.items, unread: body.unread });

/** Reads every route; answers, per route, whether the notification is there and the unread count. */
async function everyRoute(who: RegisteredUser, isTarget: (n: Item) => boolean) {
  const seen = await Promise.all(ROUTES.map(async (r) => ({ route: r.name, ...(await r.read(who)) })));
  return seen.map((s) => ({ route: s.route, shown: s.items === null ? null : s.items.some(isTarget), unread: s.unread }));
}

/** The table every route must match: the notification shown (or not) wherever there is a list, one count wherever there is a count. */
const expected = (shown: boolean, unread: number) =>
  ROUTES.map((r) => ({ route: r.name, shown: r.name.endsWith('unread-count') ? null : shown, unread: r.name.endsWith('export') ? null : unread }));

const restSend = async (who: RegisteredUser, spaceId: string, body: string): Promise<{ id: string }> =>
  (await who.agent.post(`/api/spaces/${spaceId}/messages`).send({ clientId: crypto.randomUUID(), body }).expect(201)).body.message;
const report = async (who: RegisteredUser, messageId: string, reason: string): Promise<string> =>
  (await who.agent.post('/api/reports').send({ targetType: 'message', targetId: messageId, reason }).expect(201)).body.reviewItemId;
const mentionOf = (messageId: string) => (n: Item) => n.kind === 'chat.mention' && n.data.messageId === messageId;

interface World {
  /** Who is told. */
  viewer: RegisteredUser;
  /** Sends the viewer a notification that must stay readable (a mention in a space of their own). */
  control: () => Promise<void>;
  /** Gives the viewer the notification under test; answers how to recognise it. */
  notify: () => Promise<(n: Item) => boolean>;
  /** Takes the viewer's right to read it away, through the API. */
  revoke: () => Promise<void>;
}

/** A friend who mentions the viewer in a space of theirs, for the live event's count after the right is gone. */
async function controlFor(viewer: RegisteredUser): Promise<() => Promise<void>> {
  const friend = await registerUser(api.url);
  const own = await createSpace(friend, {}, [viewer]);
  return async () => {
    await restSend(friend, own.id, `@${viewer.user.username} still here`);
  };
}

/** A space with a host, the viewer and others as members. */
async function spaceWith(...members: RegisteredUser[]) {
  const host = await registerUser(api.url);
  const space = await createSpace(host, {}, members);
  return { host, space };
}

const SCENARIOS: { name: string; world: () => Promise<World> }[] = [
  {
    name: 'a keeper demoted to member no longer sees the space’s reports',
    world: async () => {
      const [viewer, author, reporter] = [await registerUser(api.url), await registerUser(api.url), await registerUser(api.url)];
      const { host, space } = await spaceWith(viewer, author, reporter);
      await host.agent.patch(`/api/spaces/${space.id}/members/${viewer.user.id}`).send({ role: 'moderator' }).expect(204);
      return {
        viewer,
        control: await controlFor(viewer),
        notify: async () => {
          const item = await report(reporter, (await restSend(author, space.id, 'buy cheap pills here')).id, 'spam');
          return (n) => n.kind === 'review.report' && n.data.reviewItemId === item;
        },
        revoke: async () => {
          await host.agent.patch(`/api/spaces/${space.id}/members/${viewer.user.id}`).send({ role: 'member' }).expect(204);
        },
      };
    },
  },
  {
    name: 'a safeguarding lead who lost the role no longer sees safeguarding reports',
    world: async () => {
      const [viewer, admin, author, reporter] = [await registerUser(api.url), await registerUser(api.url), await registerUser(api.url), await registerUser(api.url)];
      await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
      await admin.agent.post(`/api/admin/people/${viewer.user.id}/roles`).send({ role: 'safeguarding' }).expect(200);
      const { space } = await spaceWith(author, reporter);
      return {
        viewer,
        control: await controlFor(viewer),
        notify: async () => {
          const item = await report(reporter, (await restSend(author, space.id, 'I do not want to be here any more')).id, 'safety');
          return (n) => n.kind === 'safeguarding.report' && n.data.reviewItemId === item;
        },
        revoke: async () => {
          await admin.agent.delete(`/api/admin/people/${viewer.user.id}/roles/safeguarding`).expect(200);
        },
      };
    },
  },
  {
    name: 'a member removed from a private space no longer sees news naming its messages',
    world: async () => {
      const viewer = await registerUser(api.url);
      const { host, space } = await spaceWith(viewer);
      await host.agent.patch(`/api/spaces/${space.id}`).send({ visibility: 'private' }).expect(200);
      return {
        viewer,
        control: await controlFor(viewer),
        notify: async () => mentionOf((await restSend(host, space.id, `@${viewer.user.username} the meeting moved to the back room`)).id),
        revoke: async () => {
          await host.agent.delete(`/api/spaces/${space.id}/members/${viewer.user.id}`).expect(204);
        },
      };
    },
  },
  {
    name: 'a deleted message takes its mention with it',
    world: async () => {
      const viewer = await registerUser(api.url);
      const { host, space } = await spaceWith(viewer);
      let messageId = '';
      return {
        viewer,
        control: await controlFor(viewer),
        notify: async () => mentionOf((messageId = (await restSend(host, space.id, `@${viewer.user.username} my new number is 0630…`)).id)),
        revoke: async () => {
          const socket = await connectAndJoin(api.url, host, space.id);
          expect(await call(socket, 'message:delete', { messageId })).toEqual(expect.objectContaining({ ok: true }));
        },
      };
    },
  },
  {
    name: 'a message a moderator hid takes its mention with it',
    world: async () => {
      const [viewer, author, reporter] = [await registerUser(api.url), await registerUser(api.url), await registerUser(api.url)];
      const { host, space } = await spaceWith(viewer, author, reporter);
      let messageId = '';
      return {
        viewer,
        control: await controlFor(viewer),
        notify: async () => mentionOf((messageId = (await restSend(author, space.id, `@${viewer.user.username} you are worthless`)).id)),
        revoke: async () => {
          const item = await report(reporter, messageId, 'harassment');
          await host.agent.post(`/api/moderation/items/${item}/resolve`).send({ action: 'hide', note: 'hurtful' }).expect(200);
        },
      };
    },
  },
  {
    name: 'a direct message from someone since blocked is gone',
    world: async () => {
      const [viewer, sender] = [await registerUser(api.url), await registerUser(api.url)];
      // Accounts a month old who share a space: a direct message may be opened between them.
      await api.sql(`UPDATE users SET created_at = now() - interval '30 days' WHERE id = ANY($1::uuid[])`, [[viewer.user.id, sender.user.id]]);
      await spaceWith(viewer, sender);
      return {
        viewer,
        control: await controlFor(viewer),
        notify: async () => {
          const conversation = (await sender.agent.post('/api/conversations').send({ userId: viewer.user.id }).expect(200)).body;
          await restSend(sender, conversation.spaceId, 'are you free tonight?');
          return (n) => n.kind.startsWith('conversation.') && n.data.conversationId === conversation.id;
        },
        revoke: async () => {
          await viewer.agent.post(`/api/users/${sender.user.id}/block`).expect(204);
        },
      };
    },
  },
];

describe.each(SCENARIOS)('every route agrees: $name', ({ world }) => {
  it('shown and counted alike everywhere before; gone everywhere, the live count too, after', async () => {
    const w = await world();
    const socket = await connect(api.url, { cookie: w.viewer.cookie });
    const firstLive = nextEvent(socket, 'notification:new', 8000);
    const isTarget = await w.notify();
    const live = await firstLive;
    expect(isTarget(live.notification)).toBe(true);
    // Before: every route lists it and gives the count the live event gave.
    expect(await until(() => everyRoute(w.viewer, isTarget), (s) => s.every((r) => r.shown !== false))).toEqual(expected(true, live.unread));
    expect(live.unread).toBe(1);

    await w.revoke();
    const controlLive = nextEvent(socket, 'notification:new', 8000);
    await w.control();
    const after = await controlLive;
    // After: the new notification is counted, the one whose right is gone is not, on every route alike.
    expect(after.unread).toBe(1);
    expect(await everyRoute(w.viewer, isTarget)).toEqual(expected(false, after.unread));
    const control = await everyRoute(w.viewer, (n) => n.kind === after.notification.kind && (n.data as Json).messageId === (after.notification.data as Json).messageId);
    expect(control).toEqual(expected(true, 1));
    // Marking everything read answers what the person could see: the control, not the hidden one.
    expect((await w.viewer.agent.post('/api/me/notifications/read').send({}).expect(200)).body).toEqual({ marked: 1 });
  }, 30_000);
});

describe('unread counts stop at 100', () => {
  it('every route, the frame of every page included, says 100 for 150 unread; the lists and marking read still reach all of them', async () => {
    const viewer = await registerUser(api.url);
    await api.sql(
      `INSERT INTO notifications (user_id, kind, data, created_at) SELECT $1, 'mention', '{}', now() - g * interval '1 second' FROM generate_series(1, 150) g`,
      [viewer.user.id],
    );
    const counts = (await Promise.all(ROUTES.map(async (r) => [r.name, (await r.read(viewer)).unread] as const))).filter(([, n]) => n !== null);
    expect(counts).toEqual(ROUTES.filter((r) => r.name !== 'GET /api/me/export').map((r) => [r.name, 100]));
    expect((await viewer.agent.get('/api/layout').expect(200)).body.unreadNotifications).toBe(100);
    expect((await viewer.agent.get('/api/me/export').expect(200)).body.notifications).toHaveLength(150);
    expect((await viewer.agent.post('/api/me/notifications/read').send({}).expect(200)).body).toEqual({ marked: 150 });
    expect((await viewer.agent.get('/api/layout').expect(200)).body.unreadNotifications).toBe(0);
  });
});
