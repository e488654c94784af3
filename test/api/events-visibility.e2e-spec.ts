import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { createOrganization } from '../support/directory.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * Who sees which events, in every list and feed: a space's events are for its members only
 * (public, private and hidden spaces alike); events without a space are public; the online link
 * is for people going and for hosts; only hosts and moderators, or org staff and admins, create.
 */
let api: TestApi;
let host: RegisteredUser;
let moderator: RegisteredUser;
let member: RegisteredUser;
let outsider: RegisteredUser;
let staff: RegisteredUser;
let admin: RegisteredUser;
/** Public events are an organisation's: staff is the admin of this one. */
let org: { id: string };
const spaces: Record<'public' | 'private' | 'hidden', { id: string }> = {} as never;
const events: Record<'public' | 'private' | 'hidden' | 'open', { id: string }> = {} as never;
const LINK = 'https://meet.example.org/secret-room';
const DAY = 86_400_000;
const start = new Date(Date.now() + 5 * DAY);
const window = { from: new Date(Date.now() - DAY).toISOString(), to: new Date(Date.now() + 30 * DAY).toISOString() };
const eventBody = (title: string, spaceId?: string, organizationId?: string) => ({
  title, kind: 'community', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(), timezone: 'Europe/Belgrade',
  location: { name: 'Library', address: 'Knez Mihailova 1', url: LINK }, ...(spaceId && { spaceId }), ...(organizationId && { organizationId }),
});

beforeAll(async () => {
  api = await startApi();
  [host, moderator, member, outsider, staff, admin] = await Promise.all(Array.from({ length: 6 }, () => registerUser(api.url)));
  org = await createOrganization(staff);
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
  for (const visibility of ['public', 'private', 'hidden'] as const) {
    const space = (await host.agent.post('/api/spaces').send({ name: `Circle ${visibility}`, description: 'Peers', visibility }).expect(201)).body;
    spaces[visibility] = space;
    for (const who of [moderator, member]) {
      if (visibility === 'public') await who.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
      if (visibility === 'private') {
        await who.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
        const { items } = (await host.agent.get(`/api/spaces/${space.id}/requests`).expect(200)).body;
        await host.agent.post(`/api/spaces/${space.id}/requests/${items[0].id}/approve`).expect(204);
      }
      if (visibility === 'hidden') {
        const invite = (await host.agent.post(`/api/spaces/${space.id}/invites`).send({ maxUses: 1 }).expect(201)).body;
        await who.agent.post(`/api/spaces/${space.id}/join`).send({ inviteToken: invite.token }).expect(200);
      }
    }
    await host.agent.patch(`/api/spaces/${space.id}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
    events[visibility] = (await host.agent.post('/api/events').send(eventBody(`Meeting in the ${visibility} space`, space.id)).expect(201)).body;
  }
  events.open = (await staff.agent.post('/api/events').send(eventBody('Open day', undefined, org.id)).expect(201)).body;
});
afterAll(() => api?.stop());

const anyone = () => ({ agent: request(api.url) });
const listed = async (who: { agent: ReturnType<typeof request> | RegisteredUser['agent'] }, query: Record<string, string> = {}) => {
  const res = await (who.agent as RegisteredUser['agent']).get('/api/events').query({ ...window, ...query }).expect(200);
  return new Set((res.body.items as { eventId: string }[]).map((o) => o.eventId));
};
const spaceEventIds = () => [events.public.id, events.private.id, events.hidden.id];

describe('lists', () => {
  it('members see their spaces\' events and the public ones; nobody else sees a space event', async () => {
    const all = new Set([...spaceEventIds(), events.open.id]);
    expect(await listed(member)).toEqual(all);
    expect(await listed(host)).toEqual(all);
    expect(await listed(moderator)).toEqual(all);
    for (const who of [outsider, staff, admin, anyone()]) expect(await listed(who)).toEqual(new Set([events.open.id]));
  });

  it('filtering by a space someone does not belong to lists nothing', async () => {
    for (const visibility of ['public', 'private', 'hidden'] as const) {
      expect(await listed(member, { spaceId: spaces[visibility].id })).toEqual(new Set([events[visibility].id]));
      for (const who of [outsider, admin, anyone()]) expect(await listed(who, { spaceId: spaces[visibility].id })).toEqual(new Set());
    }
  });

  it('include=mySpaces adds the reader\'s own spaces, id, slug and name only, and changes nothing else', async () => {
    // Neither an archived space nor a one-to-one conversation is a space to filter by, as in GET /api/spaces?mine=true.
    const archived = (await host.agent.post('/api/spaces').send({ name: 'Circle archived', description: 'Past', visibility: 'public' }).expect(201)).body;
    await member.agent.post(`/api/spaces/${archived.id}/join`).send({}).expect(200);
    await host.agent.post(`/api/spaces/${archived.id}/archive`).expect(200);
    await member.agent.post('/api/conversations').send({ userId: host.user.id }).expect(200);
    const withSpaces = (await member.agent.get('/api/events').query({ ...window, include: 'mySpaces' }).expect(200)).body;
    const plain = (await member.agent.get('/api/events').query(window).expect(200)).body;
    expect(plain.mySpaces).toBeUndefined();
    expect(withSpaces.items).toEqual(plain.items);
    const circles = (['public', 'private', 'hidden'] as const).map((v) => ({ id: spaces[v].id, slug: expect.any(String), name: `Circle ${v}` }));
    expect(withSpaces.mySpaces).toEqual(expect.arrayContaining(circles));
    expect(withSpaces.mySpaces).toHaveLength(3);
    for (const choice of withSpaces.mySpaces) expect(Object.keys(choice).sort()).toEqual(['id', 'name', 'slug']);
    // The same spaces as GET /api/spaces?mine=true, in its order.
    const mine = (await member.agent.get('/api/spaces').query({ mine: 'true', limit: 100 }).expect(200)).body.items;
    expect(withSpaces.mySpaces).toEqual(mine.map((s: { id: string; slug: string; name: string }) => ({ id: s.id, slug: s.slug, name: s.name })));
    // Someone whose request to join is pending, and someone the host removed, are in none of them.
    const [asking, removed] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    await asking.agent.post(`/api/spaces/${spaces.private.id}/join`).send({}).expect(200);
    await removed.agent.post(`/api/spaces/${spaces.public.id}/join`).send({}).expect(200);
    await host.agent.delete(`/api/spaces/${spaces.public.id}/members/${removed.user.id}`).send({}).expect(204);
    // They, someone in none of them, and a visitor get an empty list, never another person's spaces.
    for (const who of [asking, removed, outsider, anyone()]) {
      expect((await (who.agent as RegisteredUser['agent']).get('/api/events').query({ ...window, include: 'mySpaces' }).expect(200)).body.mySpaces).toEqual([]);
    }
  });

  it('include takes only mySpaces', async () => {
    expectFieldError(await member.agent.get('/api/events').query({ ...window, include: 'everyone' }), 'include');
  });

  it('"mine" needs a session', async () => {
    expectProblem(await request(api.url).get('/api/events').query({ ...window, mine: 'true' }), 401, 'UNAUTHENTICATED');
  });
});

describe('one event, its page and its .ics', () => {
  it.each(['public', 'private', 'hidden'] as const)('a %s space\'s event: members 200; outsiders, org staff, admins and visitors 404', async (visibility) => {
    const id = events[visibility].id;
    expect((await member.agent.get(`/api/events/${id}`).expect(200)).body).toMatchObject({ id, spaceId: spaces[visibility].id, canManage: false });
    const ics = await member.agent.get(`/api/events/${id}.ics`).expect(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.text).toContain(`UID:${id}@sorstars`);
    for (const who of [outsider, staff, admin, anyone()]) {
      expectProblem(await who.agent.get(`/api/events/${id}`), 404, 'EVENT_NOT_FOUND');
      expectProblem(await who.agent.get(`/api/events/${id}.ics`), 404, 'EVENT_NOT_FOUND');
    }
    expectProblem(await outsider.agent.post(`/api/events/${id}/rsvp`).send({ status: 'going' }), 404, 'EVENT_NOT_FOUND');
    expectProblem(await outsider.agent.get(`/api/events/${id}/attendees`), 404, 'EVENT_NOT_FOUND');
    expectProblem(await outsider.agent.patch(`/api/events/${id}`).send({ title: 'Mine now' }), 404, 'EVENT_NOT_FOUND');
    expect(await api.sql(`SELECT 1 FROM event_rsvps WHERE event_id = $1`, [id])).toEqual([]);
  });

  it('a public event is there for visitors, who must sign in to answer', async () => {
    const id = events.open.id;
    expect((await request(api.url).get(`/api/events/${id}`).expect(200)).body).toMatchObject({ id, spaceId: null, title: 'Open day' });
    expect((await request(api.url).get(`/api/events/${id}.ics`).expect(200)).text).toContain(`UID:${id}@sorstars`);
    expectProblem(await request(api.url).post(`/api/events/${id}/rsvp`).send({ status: 'going' }), 401, 'UNAUTHENTICATED');
  });
});

describe('a space\'s calendar feed', () => {
  it.each(['public', 'private', 'hidden'] as const)('%s space: members get its events only; others are refused', async (visibility) => {
    const path = `/api/spaces/${spaces[visibility].id}/calendar.ics`;
    const feed = await member.agent.get(path).expect(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(feed.text).toContain(`UID:${events[visibility].id}@sorstars`);
    for (const other of [...spaceEventIds(), events.open.id].filter((id) => id !== events[visibility].id)) expect(feed.text).not.toContain(other);

    expectProblem(await request(api.url).get(path), 401, 'UNAUTHENTICATED');
    // A hidden space does not exist for outsiders; admins know it exists but are not members.
    for (const who of [outsider, staff, admin]) {
      const res = await who.agent.get(path);
      if (visibility === 'hidden' && who !== admin) expectProblem(res, 404, 'SPACE_NOT_FOUND');
      else expectProblem(res, 403, 'NOT_A_MEMBER');
      expect(res.text).not.toContain('BEGIN:VEVENT');
    }
  });
});

describe('the online link', () => {
  const urlFor = async (who: { agent: unknown }, id: string) => ((await (who.agent as RegisteredUser['agent']).get(`/api/events/${id}`).expect(200)).body.location as { url: string | null; name: string }).url;

  it('space event: hosts and moderators see it; members only once they are going', async () => {
    const id = events.public.id;
    expect(await urlFor(host, id)).toBe(LINK);
    expect(await urlFor(moderator, id)).toBe(LINK);
    expect(await urlFor(member, id)).toBeNull();
    await member.agent.post(`/api/events/${id}/rsvp`).send({ status: 'maybe' }).expect(200);
    expect(await urlFor(member, id)).toBeNull();
    await member.agent.post(`/api/events/${id}/rsvp`).send({ status: 'going' }).expect(200);
    expect(await urlFor(member, id)).toBe(LINK);
    await member.agent.post(`/api/events/${id}/rsvp`).send({ status: 'declined' }).expect(200);
    expect(await urlFor(member, id)).toBeNull();
    // Neither the event's nor the space's calendar carries it.
    expect((await member.agent.get(`/api/events/${id}.ics`).expect(200)).text).not.toContain('secret-room');
    expect((await member.agent.get(`/api/spaces/${spaces.public.id}/calendar.ics`).expect(200)).text).not.toContain('secret-room');
  });

  it('public event: visitors and people not going see the place but not the link; the creator and admins see it', async () => {
    const id = events.open.id;
    const forVisitor = (await request(api.url).get(`/api/events/${id}`).expect(200)).body.location;
    expect(forVisitor).toMatchObject({ name: 'Library', address: 'Knez Mihailova 1', url: null });
    expect((await request(api.url).get(`/api/events/${id}.ics`).expect(200)).text).not.toContain('secret-room');
    expect(await urlFor(outsider, id)).toBeNull();
    expect(await urlFor(staff, id)).toBe(LINK);
    expect(await urlFor(admin, id)).toBe(LINK);
    // A waitlisted person does not get it either.
    await staff.agent.patch(`/api/events/${id}`).send({ capacity: 1 }).expect(200);
    await outsider.agent.post(`/api/events/${id}/rsvp`).send({ status: 'going' }).expect(200);
    const late = await registerUser(api.url);
    expect((await late.agent.post(`/api/events/${id}/rsvp`).send({ status: 'going' }).expect(200)).body).toEqual({ status: 'waitlisted', position: 1 });
    expect(await urlFor(late, id)).toBeNull();
    expect(await urlFor(outsider, id)).toBe(LINK);
  });
});

describe('who may create and manage', () => {
  const count = async () => Number((await api.sql<{ n: string }>(`SELECT count(*) AS n FROM events`))[0].n);

  it('space events: hosts and moderators create; members, outsiders, staff and visitors may not', async () => {
    const before = await count();
    expectProblem(await member.agent.post('/api/events').send(eventBody('By a member', spaces.public.id)), 403, 'FORBIDDEN');
    expectProblem(await outsider.agent.post('/api/events').send(eventBody('By an outsider', spaces.public.id)), 403, 'NOT_A_MEMBER');
    expectProblem(await staff.agent.post('/api/events').send(eventBody('By staff', spaces.private.id)), 403, 'NOT_A_MEMBER');
    expectProblem(await admin.agent.post('/api/events').send(eventBody('By an admin', spaces.hidden.id)), 403, 'NOT_A_MEMBER');
    expectProblem(await outsider.agent.post('/api/events').send(eventBody('Into the hidden', spaces.hidden.id)), 404, 'SPACE_NOT_FOUND');
    expectProblem(await request(api.url).post('/api/events').send(eventBody('By a visitor', spaces.public.id)), 401, 'UNAUTHENTICATED');
    expect(await count()).toBe(before);
    const byModerator = (await moderator.agent.post('/api/events').send(eventBody('By the moderator', spaces.hidden.id)).expect(201)).body;
    expect(byModerator).toMatchObject({ spaceId: spaces.hidden.id, canManage: true });
    expect(await listed(outsider)).not.toContain(byModerator.id);
  });

  it('public events: the organisation\'s staff and platform admins create, always for an organisation; members, the platform org_staff role and visitors may not', async () => {
    const before = await count();
    expectProblem(await member.agent.post('/api/events').send(eventBody('Public by member', undefined, org.id)), 403, 'FORBIDDEN');
    expectProblem(await host.agent.post('/api/events').send(eventBody('Public by a space host', undefined, org.id)), 403, 'FORBIDDEN');
    expectProblem(await request(api.url).post('/api/events').send(eventBody('Public by visitor', undefined, org.id)), 401, 'UNAUTHENTICATED');
    // The platform-wide role gives no power by itself: only membership of the organisation does.
    const platformStaff = await registerUser(api.url);
    await api.sql(`UPDATE users SET roles = '{member,org_staff}' WHERE id = $1`, [platformStaff.user.id]);
    expectProblem(await platformStaff.agent.post('/api/events').send(eventBody('Public by platform staff', undefined, org.id)), 403, 'FORBIDDEN');
    // A public event names its organisation, whoever posts it (a platform admin too).
    expectFieldError(await staff.agent.post('/api/events').send(eventBody('Public with no organisation')), 'organizationId');
    expectFieldError(await admin.agent.post('/api/events').send(eventBody('Public by admin, no organisation')), 'organizationId');
    expect(await count()).toBe(before);
    expect((await admin.agent.post('/api/events').send(eventBody('Public by admin', undefined, org.id)).expect(201)).body).toMatchObject({
      spaceId: null,
      canManage: true,
      organization: { id: org.id, verified: false },
    });
    // Membership taken away applies to the next request of the same session.
    const former = await registerUser(api.url);
    await staff.agent.post(`/api/organizations/${org.id}/staff`).send({ username: former.user.username, role: 'staff' }).expect(200);
    await former.agent.post('/api/events').send(eventBody('While staff', undefined, org.id)).expect(201);
    await staff.agent.delete(`/api/organizations/${org.id}/staff/${former.user.id}`).expect(204);
    expectProblem(await former.agent.post('/api/events').send(eventBody('After', undefined, org.id)), 403, 'FORBIDDEN');
  });

  it('editing and cancelling: members and other staff get 403; hosts, the creator and admins may', async () => {
    expectProblem(await member.agent.patch(`/api/events/${events.private.id}`).send({ title: 'Renamed' }), 403, 'FORBIDDEN');
    expectProblem(await member.agent.post(`/api/events/${events.private.id}/cancel`).send({}), 403, 'FORBIDDEN');
    // Staff of another organisation (and holders of the platform org_staff role) have no say here.
    const otherStaff = await registerUser(api.url);
    await api.sql(`UPDATE users SET roles = '{member,org_staff}' WHERE id = $1`, [otherStaff.user.id]);
    await createOrganization(otherStaff);
    expectProblem(await otherStaff.agent.patch(`/api/events/${events.open.id}`).send({ title: 'Renamed' }), 403, 'FORBIDDEN');
    expect((await moderator.agent.patch(`/api/events/${events.private.id}`).send({ title: 'Renamed by moderator' }).expect(200)).body.title).toBe('Renamed by moderator');
    expect((await admin.agent.patch(`/api/events/${events.open.id}`).send({ title: 'Open day (renamed)' }).expect(200)).body.title).toBe('Open day (renamed)');
  });
});

describe('leaving a space', () => {
  it('takes its events out of every list and feed at once', async () => {
    const leaver = await registerUser(api.url);
    await leaver.agent.post(`/api/spaces/${spaces.public.id}/join`).send({}).expect(200);
    const id = events.public.id;
    await leaver.agent.post(`/api/events/${id}/rsvp`).send({ status: 'going' }).expect(200);
    const { path, token } = (await leaver.agent.post('/api/me/calendar-feed').expect(201)).body;
    expect((await request(api.url).get(path).expect(200)).text).toContain(id);
    await request(api.url).get(`/api/spaces/${spaces.public.id}/calendar.ics`).query({ token }).expect(200);

    await leaver.agent.post(`/api/spaces/${spaces.public.id}/leave`).expect(204);
    expect(await listed(leaver)).not.toContain(id);
    expect(await listed(leaver, { mine: 'true' })).toEqual(new Set());
    expectProblem(await leaver.agent.get(`/api/events/${id}`), 404, 'EVENT_NOT_FOUND');
    expectProblem(await leaver.agent.get(`/api/events/${id}.ics`), 404, 'EVENT_NOT_FOUND');
    const personal = await request(api.url).get(path).expect(200);
    expect(personal.text).not.toContain(id);
    expect(personal.text).not.toContain('BEGIN:VEVENT');
    expectProblem(await request(api.url).get(`/api/spaces/${spaces.public.id}/calendar.ics`).query({ token }), 403, 'NOT_A_MEMBER');
  });
});
