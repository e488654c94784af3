import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * A page's frame (who is signed in, their unread count, the emergency banner) comes along with the
 * page's own call when the web asks with `X-Include-Layout: 1`, in the `X-Layout` header, or from
 * GET /api/layout. For a session its count and banner are read in the statement that looks the
 * session up (issue 16: one round trip fewer on every signed-in page); both must give the same
 * frame, and a failure of that read must not sign anyone out.
 */
let api: TestApi;
let reader: RegisteredUser;
beforeAll(async () => {
  api = await startApi();
  reader = await registerUser(api.url);
  const admin = await registerUser(api.url);
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
  await admin.agent.post('/api/admin/banners').send({ message: { en: 'Cold night: shelters open' }, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: inAWeek }).expect(201);
  await api.sql(`INSERT INTO notifications (user_id, kind, data) VALUES ($1, 'mention', '{}'), ($1, 'mention', '{}')`, [reader.user.id]);
}, 90_000);
afterAll(() => api?.stop());

const frameAlong = (res: { headers: Record<string, string | undefined> }) => {
  const header = res.headers['x-layout'];
  return header === undefined ? undefined : JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
};

it('is the frame GET /api/layout gives: the person, their two unread notifications, the banner showing now', async () => {
  const layout = (await reader.agent.get('/api/layout').expect(200)).body;
  expect(layout).toMatchObject({ user: { id: reader.user.id }, unreadNotifications: 2, banner: { message: 'Cold night: shelters open' } });
  const along = frameAlong(await reader.agent.get('/api/me').set('X-Include-Layout', '1').expect(200));
  expect(along).toEqual(layout);
  // Without the header, no frame is read or carried.
  expect(frameAlong(await reader.agent.get('/api/me').expect(200))).toBeUndefined();
});

it('a visitor and a stale cookie get the banner along, with no person and no count', async () => {
  for (const cookie of [undefined, 'sid=not-a-session-but-long-enough-to-look-up']) {
    const res = await fetch(`${api.url}/api/stories`, { headers: { 'X-Include-Layout': '1', ...(cookie && { Cookie: cookie }) } });
    expect(res.status).toBe(200);
    expect(frameAlong({ headers: { 'x-layout': res.headers.get('x-layout') ?? undefined } })).toMatchObject({
      user: null,
      unreadNotifications: 0,
      banner: { message: 'Cold night: shelters open' },
    });
  }
});

it('when the count cannot be read, the session still signs its person in and the banner still shows', async () => {
  await api.sql(`ALTER TABLE notifications RENAME TO notifications_away`);
  try {
    const res = await reader.agent.get('/api/me').set('X-Include-Layout', '1').expect(200);
    expect(res.body.id).toBe(reader.user.id);
    expect(frameAlong(res)).toMatchObject({ user: { id: reader.user.id }, unreadNotifications: 0, banner: { message: 'Cold night: shelters open' } });
    // GET /api/layout reads the same way (for pages with no call of their own).
    expect((await reader.agent.get('/api/layout').expect(200)).body).toMatchObject({ user: { id: reader.user.id }, unreadNotifications: 0, banner: { message: 'Cold night: shelters open' } });
  } finally {
    await api.sql(`ALTER TABLE notifications_away RENAME TO notifications`);
  }
  expect(frameAlong(await reader.agent.get('/api/me').set('X-Include-Layout', '1').expect(200))).toMatchObject({ unreadNotifications: 2 });
});
