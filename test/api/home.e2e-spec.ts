/**
 * GET /api/me/home: a signed-in person's home in one answer. It shows their spaces with unread
 * counts, the next events they are going to, stories they may read, their newest notifications and
 * the first steps of a new account — and nothing they may not read now: not a space they left, not
 * a person they blocked, not a private space they never joined, not what moderators took down.
 */
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { createOrganization } from '../support/directory.js';
import { closeAllSockets, connectAndJoin, createSpace, send } from '../support/sockets.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

const HOUR = 3_600_000;
let api: TestApi;
let me: RegisteredUser;
let host: RegisteredUser;
let blocked: RegisteredUser;

const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
async function story(who: RegisteredUser, title: string, over: Json = {}): Promise<Json> {
  const res = await who.agent.post('/api/stories').send({
    title, content: doc('It took four months, and then it got better.'), contentWarnings: [], visibility: 'public', language: 'en', status: 'published', ...over,
  });
  if (res.status !== 201) throw new Error(`create story answered ${res.status}: ${res.text}`);
  return res.body;
}
async function event(who: RegisteredUser, title: string, hoursAhead: number, over: Json = {}): Promise<Json> {
  const start = new Date(Date.now() + hoursAhead * HOUR);
  return (await who.agent.post('/api/events').send({
    title, kind: 'community', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + HOUR).toISOString(), timezone: 'Europe/Budapest', ...over,
  }).expect(201)).body;
}
const home = async (who: RegisteredUser): Promise<Json> => (await who.agent.get('/api/me/home').expect(200)).body;
const titles = (items: Json[]) => items.map((i) => i.title);

beforeAll(async () => {
  api = await startApi();
  [me, host, blocked] = await Promise.all([registerUser(api.url), registerUser(api.url), registerUser(api.url)]);
  // The host also posts events open to everyone, which takes an organisation worker.
  await api.sql(`UPDATE users SET roles = '{member,org_staff}' WHERE id = $1`, [host.user.id]);
});
afterAll(async () => {
  closeAllSockets();
  await api?.stop();
});

describe('GET /api/me/home', () => {
  it('asks who is asking: signed out is 401', async () => {
    await request(api.url).get('/api/me/home').expect(401);
    await request(api.url).post('/api/me/recovery-codes/kept').expect(401);
  });

  it('a new account sees three first steps, none done, and empty sections', async () => {
    const fresh = await registerUser(api.url);
    const body = await home(fresh);
    expect(body.firstSteps).toEqual({
      items: [
        { step: 'joinSpace', done: false },
        { step: 'contentNotes', done: false },
        { step: 'recoveryCodes', done: false },
      ],
      allDone: false,
    });
    expect(body.spaces.items).toEqual([]);
    expect(body.events.items).toEqual([]);
    expect(body.notifications).toEqual({ items: [], unread: 0 });
  });

  it('each first step is done by doing it: joining a space, saving note settings (even unchanged), keeping or renewing the codes', async () => {
    const fresh = await registerUser(api.url);
    const space = await createSpace(host);
    await fresh.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true }).expect(200);
    await fresh.agent.put('/api/me/content-notes').send({ notes: {} }).expect(200);
    const done = (b: Json) => Object.fromEntries(b.firstSteps.items.map((s: Json) => [s.step, s.done]));
    expect(done(await home(fresh))).toEqual({ joinSpace: true, contentNotes: true, recoveryCodes: false });

    await fresh.agent.post('/api/me/recovery-codes/kept').expect(204);
    await fresh.agent.post('/api/me/recovery-codes/kept').expect(204);
    expect((await home(fresh)).firstSteps.allDone).toBe(true);
    expect(await api.sql('SELECT step FROM first_steps WHERE user_id = $1 ORDER BY step', [fresh.user.id])).toEqual([{ step: 'content_notes' }, { step: 'recovery_codes' }]);

    const renewer = await registerUser(api.url);
    await renewer.agent.post('/api/me/recovery-codes').send({ password: renewer.password }).expect(201);
    expect(done(await home(renewer)).recoveryCodes).toBe(true);
  });

  it('shows only what the person may read now, with unread counts as numbers', async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    // A space the person belongs to, one they leave, and a private one they never joined.
    const mine = await createSpace(host, { name: `Kept ${tag}` }, [me, blocked]);
    const left = await createSpace(host, { name: `Left ${tag}` }, [me]);
    const closed = await createSpace(host, { name: `Closed ${tag}`, visibility: 'private' });
    await me.agent.post(`/api/users/${blocked.user.id}/block`).expect(204);

    // Unread: two from the host count; the person's own and the blocked person's do not.
    const hostSocket = await connectAndJoin(api.url, host, mine.id);
    const mySocket = await connectAndJoin(api.url, me, mine.id);
    const blockedSocket = await connectAndJoin(api.url, blocked, mine.id);
    await send(hostSocket, mine.id, 'Welcome, everyone');
    await send(mySocket, mine.id, 'Hello from me');
    await send(blockedSocket, mine.id, 'You will not see this');
    await send(hostSocket, mine.id, 'Tea on Thursday?');

    await story(host, `Shared with my space ${tag}`, { visibility: 'space', spaceId: mine.id });
    await story(host, `Shared with the space I left ${tag}`, { visibility: 'space', spaceId: left.id });
    await story(host, `Shared in the closed space ${tag}`, { visibility: 'space', spaceId: closed.id });
    await story(host, `For members ${tag}`, { visibility: 'members' });
    await story(blocked, `By someone I blocked ${tag}`);
    const takenDown = await story(host, `Taken down ${tag}`);
    await api.sql(`UPDATE stories SET moderation_state = 'hidden' WHERE id = $1`, [takenDown.id]);
    await story(host, `Anonymous ${tag}`, { anonymous: true });
    await story(me, `My own ${tag}`);

    const soon = await event(host, `Soon in my space ${tag}`, 30, { spaceId: mine.id });
    // Public events belong to an organisation its staff post for.
    const { id: organizationId } = await createOrganization(host);
    const later = await event(host, `Later, open to all ${tag}`, 80, { organizationId });
    const inLeft = await event(host, `In the space I left ${tag}`, 20, { spaceId: left.id });
    await event(host, `Not going ${tag}`, 10, { organizationId });
    for (const e of [soon, later, inLeft]) await me.agent.post(`/api/events/${e.id}/rsvp`).send({ status: 'going' }).expect(200);
    // News about the left space's event arrives while the person still belongs to it…
    await host.agent.patch(`/api/events/${inLeft.id}`).send({ title: `Renamed ${tag}` }).expect(200);
    await host.agent.patch(`/api/events/${soon.id}`).send({ title: `Soon in my space ${tag}!` }).expect(200);
    // …and then they leave.
    await me.agent.post(`/api/spaces/${left.id}/leave`).expect(204);

    const body = await home(me);
    const spaces = body.spaces.items.filter((s: Json) => s.name.endsWith(tag));
    expect(spaces).toEqual([{ id: mine.id, slug: mine.slug, name: `Kept ${tag}`, role: 'member', unread: 2 }]);
    expect(body.spaces.unreadCap).toBe(100);

    expect(titles(body.events.items)).toEqual([`Soon in my space ${tag}!`, `Later, open to all ${tag}`]);
    const first = body.events.items[0];
    expect(first).toMatchObject({ id: soon.id, timezone: 'Europe/Budapest', allDay: false, space: { slug: mine.slug, name: `Kept ${tag}` } });
    expect(Date.parse(first.endsAt) - Date.parse(first.startsAt)).toBe(HOUR);

    const storyTitles = titles(body.stories.items).filter((t: string) => t.endsWith(tag));
    expect(storyTitles).toEqual([`Anonymous ${tag}`, `For members ${tag}`, `Shared with my space ${tag}`]);
    const anonymous = body.stories.items.find((s: Json) => s.title === `Anonymous ${tag}`);
    expect(anonymous.author).toBeNull();
    const shared = body.stories.items.find((s: Json) => s.title === `Shared with my space ${tag}`);
    expect(shared).toMatchObject({ visibility: 'space', space: { slug: mine.slug }, author: { username: host.user.username } });

    // The event change for the space they left is not shown; the one they may still read is.
    const eventIds = body.notifications.items.map((n: Json) => n.data.eventId);
    expect(eventIds).toContain(soon.id);
    expect(eventIds).not.toContain(inLeft.id);
    // Nor counted: the home's number is the header's, which leaves out what may no longer be read.
    const [{ n: stored }] = await api.sql<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [me.user.id]);
    const { unread } = (await me.agent.get('/api/me/notifications/unread-count').expect(200)).body;
    expect(body.notifications.unread).toBe(unread);
    expect(unread).toBeGreaterThan(0);
    expect(unread).toBeLessThan(stored);

    // Reading the space clears its count.
    const lastSeq = Number((await api.sql<{ last_seq: string }>('SELECT last_seq FROM spaces WHERE id = $1', [mine.id]))[0].last_seq);
    await me.agent.post(`/api/spaces/${mine.id}/read`).send({ seq: lastSeq }).expect(204);
    expect((await home(me)).spaces.items.find((s: Json) => s.id === mine.id).unread).toBe(0);
  });

  it('leaves out stories carrying a content note the person chose to hide', async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    const reader = await registerUser(api.url);
    await reader.agent.put('/api/me/content-notes').send({ notes: { violence: 'hide' } }).expect(200);
    await story(host, `Noted ${tag}`, { contentWarnings: ['violence'] });
    await story(host, `Plain ${tag}`);
    expect(titles((await home(reader)).stories.items).filter((t: string) => t.endsWith(tag))).toEqual([`Plain ${tag}`]);
  });
});
