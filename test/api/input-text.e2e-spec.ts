import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError } from '../support/http.js';
import { createOrganization } from '../support/directory.js';
import { registerUser, strongPassword, uniqueUsername, type RegisteredUser } from '../support/users.js';

/**
 * One text rule for every string, and times Postgres can read: NUL, half a surrogate pair and bidi
 * overrides in plain fields and inside rich text, and cursors or dates in years Postgres cannot
 * store, are each a 422 naming the field — they used to be 500s — and nothing is written.
 */
let api: TestApi;
let member: RegisteredUser;
let staff: RegisteredUser;
/** Public events are an organisation's: staff is the admin of this one. */
let org: { id: string };

beforeAll(async () => {
  api = await startApi();
  [member, staff] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
  org = await createOrganization(staff);
});
afterAll(() => api?.stop());

/** Rows per table the cases below could write to. */
const counts = async () =>
  (
    await api.sql<{ n: string }>(
      `SELECT (SELECT count(*) FROM users) || '/' || (SELECT count(*) FROM access_tokens) || '/' || (SELECT count(*) FROM spaces) || '/' ||
              (SELECT count(*) FROM stories) || '/' || (SELECT count(*) FROM story_comments) || '/' || (SELECT count(*) FROM events) AS n`,
    )
  )[0].n;

const doc = (text: string, marks?: unknown[]) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text, ...(marks ? { marks } : {}) }] }] });
const story = (content: unknown) => ({ title: 'A story', content, contentWarnings: [], visibility: 'public', language: 'en', status: 'draft' });
const cursor = (text: string) => Buffer.from(text).toString('base64url');
const NIL = '00000000-0000-0000-0000-000000000000';

describe('plain fields refuse NUL, lone surrogates and bidi overrides (422, nothing written)', () => {
  it.each([
    ['NUL in a username at registration', () => request(api.url).post('/api/auth/register').send({ username: 'ab\u0000cd', password: strongPassword() }), 'username'],
    ['a lone surrogate in a username at registration', () => request(api.url).post('/api/auth/register').send({ username: 'ab\ud800cd', password: strongPassword() }), 'username'],
    ['NUL in a username at login', () => request(api.url).post('/api/auth/login').send({ username: 'a\u0000b', password: 'whatever-it-is' }), 'username'],
    ['NUL in a password at login', () => request(api.url).post('/api/auth/login').send({ username: 'someone', password: 'pass\u0000word' }), 'password'],
    ['NUL in a token name', () => member.agent.post('/api/auth/tokens').send({ name: 'phone\u0000' }), 'name'],
    ['a lone surrogate in a token name', () => member.agent.post('/api/auth/tokens').send({ name: '\udc00phone' }), 'name'],
    ['a lone surrogate in a display name', () => member.agent.patch('/api/me').send({ displayName: 'Kata\ud800' }), 'displayName'],
    ['an RTL override in a space name', () => member.agent.post('/api/spaces').send({ name: 'Evening\u202Egnineve', description: '', visibility: 'public' }), 'name'],
    ['NUL in a space description', () => member.agent.post('/api/spaces').send({ name: 'Evening group', description: 'a\u0000b', visibility: 'public' }), 'description'],
    ['a line break in an event time zone', () => staff.agent.post('/api/events').send({ title: 'Dinner', kind: 'community', startsAt: '2027-05-04T18:00:00Z', endsAt: '2027-05-04T20:00:00Z', timezone: 'Europe/\nBudapest', organizationId: org.id }), 'timezone'],
    ['NUL in an online meeting link', () => staff.agent.post('/api/events').send({ title: 'Dinner', kind: 'community', startsAt: '2027-05-04T18:00:00Z', endsAt: '2027-05-04T20:00:00Z', timezone: 'Europe/Budapest', location: { url: 'https://meet.example/a\u0000b' }, organizationId: org.id }), 'location.url'],
  ])('%s', async (_, send, field) => {
    const before = await counts();
    expectFieldError(await send(), field);
    expect(await counts()).toBe(before);
  });

  it('a text typed in decomposed form is stored composed (NFC), so the same words compare equal', async () => {
    const res = await member.agent.post('/api/spaces').send({ name: 'Cafe\u0301 evenings', description: 'Cafe\u0301', visibility: 'public' }).expect(201);
    expect(res.body.name).toBe('Café evenings');
    expect(res.body.description).toBe('Café');
  });

  it('a password is kept exactly as typed: spaces and decomposed letters still sign in', async () => {
    const username = uniqueUsername('verbatim');
    const password = ' Cafe\u0301 horse battery ';
    await request(api.url).post('/api/auth/register').send({ username, password }).expect(201);
    await request(api.url).post('/api/auth/login').send({ username, password }).expect(200);
    await request(api.url).post('/api/auth/login').send({ username, password: password.normalize('NFC').trim() }).expect(401);
  });
});

describe('rich text walks every text node and link with the same rule', () => {
  it.each([
    ['NUL in a story text node', () => member.agent.post('/api/stories').send(story(doc('a\u0000b'))), 'content.content[0].content[0].text'],
    ['a lone surrogate in a story text node', () => member.agent.post('/api/stories').send(story(doc('\ud800'))), 'content.content[0].content[0].text'],
    ['an RTL override in a story text node', () => member.agent.post('/api/stories').send(story(doc('abc\u202Edef'))), 'content.content[0].content[0].text'],
    ['NUL in a link href', () => member.agent.post('/api/stories').send(story(doc('link', [{ type: 'link', attrs: { href: 'https://example.org/\u0000' } }]))), 'content.content[0].content[0].marks[0].attrs.href'],
    ['a lone surrogate in a link href', () => member.agent.post('/api/stories').send(story(doc('link', [{ type: 'link', attrs: { href: 'https://example.org/\ud800' } }]))), 'content.content[0].content[0].marks[0].attrs.href'],
    ['a lone surrogate in an event description', () => staff.agent.post('/api/events').send({ title: 'Dinner', kind: 'community', startsAt: '2027-05-04T18:00:00Z', endsAt: '2027-05-04T20:00:00Z', timezone: 'Europe/Budapest', description: doc('x\udfff'), organizationId: org.id }), 'description.content[0].content[0].text'],
  ])('%s: 422 naming the node, nothing written', async (_, send, field) => {
    const before = await counts();
    expectFieldError(await send(), field);
    expect(await counts()).toBe(before);
  });

  it('NUL in a comment is refused too', async () => {
    const created = await member.agent.post('/api/stories').send({ ...story(doc('Hello')), status: 'published', consent: { handbook: true } }).expect(201);
    const before = await counts();
    expectFieldError(await member.agent.post(`/api/stories/${created.body.id}/comments`).send({ content: doc('hi\u0000') }), 'content.content[0].content[0].text');
    expect(await counts()).toBe(before);
  });
});

describe('cursors and dates are checked where they enter', () => {
  it.each([
    ['a cursor in year +275760 on stories', '/api/stories', cursor(`+275760-09-13T00:00:00.000Z|${NIL}`)],
    ['a cursor in year 0000 on stories', '/api/stories', cursor(`0000-01-01T00:00:00.000Z|${NIL}`)],
    ['a cursor in year +275760 on spaces', '/api/spaces', cursor(`+275760-09-13T00:00:00.000Z|${NIL}`)],
    ['a cursor in year 0000 on spaces', '/api/spaces', cursor(`0000-01-01T00:00:00.000Z|${NIL}`)],
    ['a NUL cursor', '/api/stories', '%00'],
  ])('%s: 422 naming cursor', async (_, path, value) => {
    expectFieldError(await member.agent.get(`${path}?cursor=${value}`), 'cursor');
  });

  it('an event starting in year 0000 is a 422 naming startsAt, and none is stored', async () => {
    const before = await counts();
    expectFieldError(
      await staff.agent.post('/api/events').send({ title: 'Dinner', kind: 'community', startsAt: '0000-01-01T18:00:00Z', endsAt: '0000-01-01T20:00:00Z', timezone: 'Europe/Budapest', organizationId: org.id }),
      'startsAt',
    );
    expect(await counts()).toBe(before);
  });

  it('a window in year 0000 on the calendar is a 422 naming from', async () => {
    expectFieldError(await request(api.url).get('/api/events?from=0000-01-01T00:00:00Z&to=0000-01-08T00:00:00Z'), 'from');
  });

  it.each([
    ['garbage', 'garbage'],
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['NUL', '%00'],
  ])('?occurrence= on attendees that is %s: 422 naming occurrence', async (_, value) => {
    const event = await staff.agent
      .post('/api/events')
      .send({ title: 'Weekly dinner', kind: 'community', startsAt: '2027-05-04T18:00:00Z', endsAt: '2027-05-04T20:00:00Z', timezone: 'Europe/Budapest', rrule: 'FREQ=WEEKLY;COUNT=3', organizationId: org.id })
      .expect(201);
    expectFieldError(await staff.agent.get(`/api/events/${event.body.id}/attendees?occurrence=${value}`), 'occurrence');
    await staff.agent.get(`/api/events/${event.body.id}/attendees?occurrence=${encodeURIComponent(event.body.startsAt)}`).expect(200);
  });
});
