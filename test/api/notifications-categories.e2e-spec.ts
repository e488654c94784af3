import { startApi, type TestApi } from '../support/api-server.js';
import { closeAllSockets, connectAndJoin, createSpace, send, sleep, until } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * The weekly in-app digest (only what the person may read, skipped for people active this week,
 * suppressed after a year away, one per ISO week however often it is swept), and the categories
 * for staff: reports to review (keepers of the space, never who reported) and safeguarding
 * (safeguarding leads, no words at all).
 */
let api: TestApi;
beforeAll(async () => {
  api = await startApi({ env: { NOTIFY_DIGEST_SWEEP_MS: '300', CHAT_SEND_LIMIT: '1000' } });
}, 90_000);
afterEach(() => closeAllSockets());
afterAll(async () => {
  await api?.stop();
});

type Item = { id: string; kind: string; data: Record<string, unknown> };
const list = async (who: RegisteredUser): Promise<Item[]> => (await who.agent.get('/api/notifications').expect(200)).body.items;
const rowsOf = (who: RegisteredUser, kind: string) =>
  api.sql<{ data: Record<string, unknown>; dedupe_key: string }>(`SELECT data, dedupe_key FROM notifications WHERE user_id = $1 AND kind = $2`, [who.user.id, kind]);
const lastActive = (who: RegisteredUser, daysAgo: number) =>
  api.sql(`INSERT INTO user_activity (user_id, last_active_at) VALUES ($1, now() - make_interval(days => $2)) ON CONFLICT (user_id) DO UPDATE SET last_active_at = excluded.last_active_at`, [who.user.id, daysAgo]);


describe('weekly digest', () => {
  it('reaches people away this week with what they may read, once per week, and is shown with only the spaces they may still read', async () => {
    const alice = await registerUser(api.url);
    const [away, active, gone, muted, removed] = [await registerUser(api.url), await registerUser(api.url), await registerUser(api.url), await registerUser(api.url), await registerUser(api.url)];
    const garden = await createSpace(alice, { name: `Garden ${Date.now().toString(36)}` }, [away, active, gone, muted, removed]);
    const kitchen = await createSpace(alice, { name: `Kitchen ${Date.now().toString(36)}` }, [away]);
    await muted.agent.put('/api/notifications/preferences').send({ spaces: { [garden.id]: 'none' } }).expect(200);
    const a = await connectAndJoin(api.url, alice, garden.id);
    for (const body of ['one', 'two', 'three']) await send(a, garden.id, body);
    const k = await connectAndJoin(api.url, alice, kitchen.id);
    for (const body of ['soup', 'bread']) await send(k, kitchen.id, body);
    // Removed before the sweep: the garden's messages are no longer theirs to read.
    await api.sql(`DELETE FROM space_members WHERE space_id = $1 AND user_id = $2`, [garden.id, removed.user.id]);
    await sleep(300);
    await lastActive(away, 10);
    await lastActive(active, 2);
    await lastActive(gone, 400);
    await lastActive(muted, 10);
    await lastActive(removed, 10);

    const rows = await until(() => rowsOf(away, 'digest.weekly'), (r) => r.length > 0);
    expect(rows).toHaveLength(1);
    expect(rows[0].dedupe_key).toMatch(/^digest:\d{4}-W\d{2}$/);
    expect(rows[0].data).toEqual({
      week: rows[0].dedupe_key.slice('digest:'.length),
      spaces: [
        { spaceId: garden.id, messages: 3 },
        { spaceId: kitchen.id, messages: 2 },
      ],
    });
    // More sweeps (this API sweeps every 300 ms) write nothing more this week, and nothing for the others.
    await sleep(1200);
    expect(await rowsOf(away, 'digest.weekly')).toHaveLength(1);
    for (const who of [active, gone, muted, removed, alice]) expect(await rowsOf(who, 'digest.weekly')).toEqual([]);

    // Shown with the names of now, and only what the reader may still read.
    await api.sql(`DELETE FROM space_members WHERE space_id = $1 AND user_id = $2`, [kitchen.id, away.user.id]);
    const shown = (await list(away)).find((n) => n.kind === 'digest.weekly');
    expect(shown?.data.spaces).toEqual([{ spaceId: garden.id, name: garden.name, slug: garden.slug, messages: 3 }]);
    const home = (await away.agent.get('/api/me/home').expect(200)).body.notifications.items as Item[];
    expect(home.find((n) => n.kind === 'digest.weekly')?.data.spaces).toEqual(shown?.data.spaces);
    // In-app only: a digest is never pushed.
    expect(await api.sql(`SELECT d.channel FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.user_id = $1 AND n.kind = 'digest.weekly'`, [away.user.id])).toEqual([{ channel: 'in_app' }]);
  }, 60_000);
});

describe('reports to review and safeguarding', () => {
  async function fixture() {
    const host = await registerUser(api.url);
    const [moderator, reporter, second, author, lead, bystander] = [
      await registerUser(api.url), await registerUser(api.url), await registerUser(api.url), await registerUser(api.url), await registerUser(api.url), await registerUser(api.url),
    ];
    const space = await createSpace(host, {}, [moderator, reporter, second, author, bystander]);
    await api.sql(`UPDATE space_members SET role = 'moderator' WHERE space_id = $1 AND user_id = $2`, [space.id, moderator.user.id]);
    await api.sql(`UPDATE users SET roles = '{member,safeguarding}' WHERE id = $1`, [lead.user.id]);
    const s = await connectAndJoin(api.url, author, space.id);
    const message = await send(s, space.id, 'something worth a second look');
    return { host, moderator, reporter, second, author, lead, bystander, space, message };
  }

  it('keepers of the space hear of a report once per item, never who reported; reporter and author hear nothing', async () => {
    const f = await fixture();
    await f.reporter.agent.post('/api/reports').send({ targetType: 'message', targetId: f.message.id, reason: 'spam', note: 'my note' }).expect(201);
    await f.second.agent.post('/api/reports').send({ targetType: 'message', targetId: f.message.id, reason: 'spam' }).expect(201);
    for (const keeper of [f.host, f.moderator]) {
      const rows = await rowsOf(keeper, 'review.report');
      expect(rows).toHaveLength(1);
      expect(rows[0].data).toEqual({ reviewItemId: expect.any(String), spaceId: f.space.id, spaceName: f.space.name, spaceSlug: f.space.slug });
      const text = JSON.stringify(await list(keeper));
      for (const secret of [f.reporter.user.id, f.reporter.user.username, f.second.user.id, 'my note']) expect(text).not.toContain(secret);
    }
    for (const who of [f.reporter, f.second, f.author, f.bystander, f.lead]) expect(await rowsOf(who, 'review.report')).toEqual([]);
  });

  it('a safety report reaches the safeguarding leads with no words or names, and not the keepers', async () => {
    const f = await fixture();
    await f.reporter.agent.post('/api/reports').send({ targetType: 'message', targetId: f.message.id, reason: 'safety', note: 'I am worried about them' }).expect(201);
    const rows = await rowsOf(f.lead, 'safeguarding.report');
    expect(rows).toEqual([{ data: { reviewItemId: expect.any(String) }, dedupe_key: expect.stringMatching(/^review:/) }]);
    for (const who of [f.host, f.moderator, f.reporter, f.author, f.bystander]) {
      expect(await rowsOf(who, 'safeguarding.report')).toEqual([]);
      expect(await rowsOf(who, 'review.report')).toEqual([]);
    }
    const [row] = await api.sql<{ category: string }>(`SELECT category FROM notifications WHERE user_id = $1 AND kind = 'safeguarding.report'`, [f.lead.user.id]);
    expect(row.category).toBe('safeguarding');
    // Leads may keep hearing at night; others keep their quiet hours.
    await f.lead.agent.put('/api/notifications/preferences').send({ quietHours: { from: '22:00', to: '08:00', timezone: 'UTC', enabled: false } }).expect(200);
    await f.host.agent.put('/api/notifications/preferences').send({ quietHours: { from: '22:00', to: '08:00', timezone: 'UTC', enabled: false } }).expect(422);
  });
});
