import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { createOrganization } from '../support/directory.js';
import { expectProblem } from '../support/http.js';
import { searchEngineEnv, searchIndexSettled } from '../support/search.js';
import { call, closeAllSockets, connect } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * The mentors' circle: a hidden space per organisation for the mentors it marks; case cards that
 * need the mentee's standing permission and never carry identifying details; withdrawal hides
 * them at once; outsiders find nothing by REST, Socket.IO or search; numbers hide small cells.
 */
let api: TestApi;
let coordinator: RegisteredUser;
let mentor: RegisteredUser;
let otherMentor: RegisteredUser;
let mentee: RegisteredUser;
let outsider: RegisteredUser;
let org: { id: string };
let spaceId: string;

beforeAll(async () => {
  api = await startApi({ env: searchEngineEnv() });
  [coordinator, mentor, otherMentor, mentee, outsider] = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(api.url)));
  org = await createOrganization(coordinator);
});
afterAll(async () => {
  closeAllSockets();
  await api?.stop();
});

const card = (body: string, alias = 'R.') => ({ menteeId: mentee.user.id, alias, body });

/** A mentee asks an open mentor, who says yes: an active match, as mentoring makes them. */
async function activeMatch(m: RegisteredUser, e: RegisteredUser): Promise<string> {
  await m.agent.put('/api/mentoring/profile').send({ role: 'mentor', open: true }).expect(200);
  const asked = await e.agent.post('/api/mentoring/matches').send({ mentorId: m.user.id, intro: 'Hello' }).expect(201);
  await m.agent.post(`/api/mentoring/matches/${asked.body.id}/accept`).send({}).expect(200);
  return asked.body.id;
}

describe("the mentors' circle", () => {
  it('coordinators create it on demand and mark mentors; each step is in the log mentors can read', async () => {
    expectProblem(await outsider.agent.post(`/api/organizations/${org.id}/circle`), 403, 'FORBIDDEN');
    spaceId = (await coordinator.agent.post(`/api/organizations/${org.id}/circle`).expect(200)).body.spaceId;
    // Idempotent: asking again returns the same circle.
    expect((await coordinator.agent.post(`/api/organizations/${org.id}/circle`).expect(200)).body.spaceId).toBe(spaceId);
    for (const who of [mentor, otherMentor]) await coordinator.agent.post(`/api/organizations/${org.id}/mentors`).send({ username: who.user.username }).expect(200);
    expectProblem(await mentor.agent.post(`/api/organizations/${org.id}/mentors`).send({ username: outsider.user.username }), 403, 'FORBIDDEN');

    const log = (await mentor.agent.get(`/api/organizations/${org.id}/log`).expect(200)).body.items;
    expect(log.map((e: { action: string }) => e.action).sort()).toEqual(['circle_created', 'mentor_added', 'mentor_added']);
    expectProblem(await outsider.agent.get(`/api/organizations/${org.id}/log`), 403, 'FORBIDDEN');
    // Mentors are members of the hidden space; the coordinator who made it is not.
    expect((await mentor.agent.get(`/api/spaces/${spaceId}`).expect(200)).body.visibility).toBe('hidden');
    expectProblem(await coordinator.agent.get(`/api/organizations/${org.id}/circle`), 404, 'CIRCLE_NOT_FOUND');
  });

  it('a card without the mentee’s permission is refused and stores nothing', async () => {
    const res = await mentor.agent.post(`/api/organizations/${org.id}/circle/cards`).send(card('She is afraid of the first winter alone.'));
    expectProblem(res, 403, 'CASE_CARD_NOT_PERMITTED');
    expect(await api.sql(`SELECT count(*)::int AS n FROM case_cards`)).toEqual([{ n: 0 }]);
  });

  it('a mentee can allow only a mentor they are matched with', async () => {
    const refused = expectProblem(await mentee.agent.put('/api/circle/permissions').send({ mentorId: mentor.user.id, allowed: true }), 403, 'CASE_CARD_NOT_PERMITTED');
    expect(refused.errors?.map((e) => e.path)).toEqual(['mentorId']);
    await activeMatch(mentor, mentee);
    // By username too, as the web form sends it.
    await mentee.agent.put('/api/circle/permissions').send({ mentorUsername: mentor.user.username, allowed: true }).expect(200);
  });

  it('with permission, a card with a phone number is refused naming the kind, never echoing it', async () => {
    const res = await mentor.agent.post(`/api/organizations/${org.id}/circle/cards`).send(card('Call her on +36 30 123 4567 if she misses the meeting.'));
    const body = expectProblem(res, 422, 'CASE_CARD_IDENTIFYING');
    expect(body.errors).toEqual([expect.objectContaining({ path: 'body', code: 'phone' })]);
    expect(res.text).not.toContain('123 4567');
    // The mentee's own username is refused too.
    const own = expectProblem(await mentor.agent.post(`/api/organizations/${org.id}/circle/cards`).send(card(`On the forum she is ${mentee.user.username}.`)), 422, 'CASE_CARD_IDENTIFYING');
    expect(own.errors?.map((e) => e.code)).toContain('username');
    // And the city and "about" of the mentee's own mentoring profile.
    await mentee.agent.put('/api/mentoring/profile').send({ role: 'mentee', city: 'Aarhus', about: 'I slept in stairwells for a winter before the hostel took me in' }).expect(200);
    for (const body of ['The hostel in Aarhus is full again.', 'She told me she slept in stairwells for a winter before the hostel.']) {
      const res = expectProblem(await mentor.agent.post(`/api/organizations/${org.id}/circle/cards`).send(card(body)), 422, 'CASE_CARD_IDENTIFYING');
      expect(res.errors?.map((e) => e.code)).toEqual(['profile']);
    }
    expect(await api.sql(`SELECT count(*)::int AS n FROM case_cards`)).toEqual([{ n: 0 }]);
  });

  it('a clean card posts; opening it is logged; the mentee sees it exists and when it was discussed, not its text', async () => {
    const posted = (await mentor.agent.post(`/api/organizations/${org.id}/circle/cards`).send(card('Quietzebra worries about the rent after the first month.')).expect(201)).body;
    expect(posted).toMatchObject({ alias: 'R.', mine: true, body: expect.stringContaining('Quietzebra') });
    const circle = (await otherMentor.agent.get(`/api/organizations/${org.id}/circle`).expect(200)).body;
    expect(circle.cards).toEqual([expect.objectContaining({ id: posted.id, alias: 'R.', mine: false })]);
    expect(circle.cards[0].body).toBeUndefined();
    await otherMentor.agent.get(`/api/circle/cards/${posted.id}`).expect(200);
    expect(await api.sql(`SELECT count(*)::int AS n FROM case_card_views WHERE card_id = $1`, [posted.id])).toEqual([{ n: 2 }]);

    const about = (await mentee.agent.get('/api/circle/cards-about-me').expect(200)).body.items;
    expect(about).toEqual([expect.objectContaining({ id: posted.id, discussedOn: [new Date().toISOString().slice(0, 10)] })]);
    expect(JSON.stringify(about)).not.toContain('Quietzebra');
    // Cards never reach search: no document, no hit, for anyone.
    await searchIndexSettled(api);
    expect(await api.sql(`SELECT count(*)::int AS n FROM search_documents WHERE body ILIKE '%quietzebra%' OR title ILIKE '%quietzebra%'`)).toEqual([{ n: 0 }]);
    for (const who of [mentor, outsider]) expect((await who.agent.get('/api/search?q=Quietzebra').expect(200)).body.items).toEqual([]);
  });

  it('a non-mentor gets 404 for the circle and its cards by REST, Socket.IO and search', async () => {
    const [posted] = await api.sql<{ id: string }>(`SELECT id FROM case_cards LIMIT 1`);
    for (const who of [outsider, coordinator]) {
      expectProblem(await who.agent.get(`/api/organizations/${org.id}/circle`), 404, 'CIRCLE_NOT_FOUND');
      expectProblem(await who.agent.get(`/api/circle/cards/${posted!.id}`), 404, 'CASE_CARD_NOT_FOUND');
      expectProblem(await who.agent.get(`/api/spaces/${spaceId}`), 404, 'SPACE_NOT_FOUND');
      expectProblem(await who.agent.post(`/api/organizations/${org.id}/circle/cards`).send(card('A worry.')), 404, 'CIRCLE_NOT_FOUND');
      const socket = await connect(api.url, { cookie: who.cookie });
      expect(await call(socket, 'space:join', { spaceId })).toMatchObject({ ok: false });
      expect((await who.agent.get(`/api/search?q=mentors&type=space`).expect(200)).body.items.map((i: { id: string }) => i.id)).not.toContain(spaceId);
    }
    expectProblem(await request(api.url).get(`/api/organizations/${org.id}/circle`), 401, 'UNAUTHENTICATED');
  });

  it('withdrawing the permission hides the card at once, for every mentor and for the mentee', async () => {
    const [posted] = await api.sql<{ id: string }>(`SELECT id FROM case_cards LIMIT 1`);
    await mentee.agent.put('/api/circle/permissions').send({ mentorId: mentor.user.id, allowed: false }).expect(200);
    expectProblem(await otherMentor.agent.get(`/api/circle/cards/${posted!.id}`), 404, 'CASE_CARD_NOT_FOUND');
    expect((await otherMentor.agent.get(`/api/organizations/${org.id}/circle`).expect(200)).body.cards).toEqual([]);
    expect((await mentee.agent.get('/api/circle/cards-about-me').expect(200)).body.items).toEqual([]);
    expect((await mentee.agent.get('/api/circle/permissions').expect(200)).body.items).toEqual([expect.objectContaining({ mentorId: mentor.user.id, allowed: false })]);
    expectProblem(await mentor.agent.post(`/api/organizations/${org.id}/circle/cards`).send(card('Another worry.')), 403, 'CASE_CARD_NOT_PERMITTED');
  });

  it('a mentor taken off the list loses the circle at once', async () => {
    await coordinator.agent.delete(`/api/organizations/${org.id}/mentors/${otherMentor.user.id}`).expect(204);
    expectProblem(await otherMentor.agent.get(`/api/organizations/${org.id}/circle`), 404, 'CIRCLE_NOT_FOUND');
    expectProblem(await otherMentor.agent.get(`/api/spaces/${spaceId}`), 404, 'SPACE_NOT_FOUND');
  });

  it('numbers are for coordinators only, suppress cells under 5 people, download as CSV, and are logged', async () => {
    expectProblem(await mentor.agent.get(`/api/organizations/${org.id}/numbers`), 403, 'FORBIDDEN');
    const json = (await coordinator.agent.get(`/api/organizations/${org.id}/numbers`).expect(200)).body.items;
    // One match: two people, so every cell is hidden.
    expect(json).toEqual([{ group: 'all', key: 'all', started: null, active: null, ended: null, medianDays: null, endedInFirst4WeeksPercent: null, medianFirstReplyHours: null }]);
    const csv = await coordinator.agent.get(`/api/organizations/${org.id}/numbers?format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[1]).toBe('all,all,,,,,,');
    // Two more of the organisation's mentors, each with a mentee: three matches, six people.
    for (let i = 0; i < 2; i++) {
      const [m, e] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
      await coordinator.agent.post(`/api/organizations/${org.id}/mentors`).send({ username: m.user.username }).expect(200);
      await activeMatch(m, e);
    }
    const [all] = (await coordinator.agent.get(`/api/organizations/${org.id}/numbers`).expect(200)).body.items;
    // Nobody has written yet: there is no first reply to measure (see mentoring-coordination for the times).
    expect(all).toMatchObject({ group: 'all', started: 3, active: 3, medianFirstReplyHours: null });
    // Nothing has ended: no one stands behind those cells.
    expect(all).toMatchObject({ ended: null, medianDays: null, endedInFirst4WeeksPercent: null });
    const actions = (await mentor.agent.get(`/api/organizations/${org.id}/log`).expect(200)).body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['numbers_viewed', 'numbers_downloaded', 'mentor_removed']));
  });

  it('when a mentee deletes their account, the cards about them go with it', async () => {
    const other = await registerUser(api.url);
    await activeMatch(mentor, other);
    await other.agent.put('/api/circle/permissions').send({ mentorId: mentor.user.id, allowed: true }).expect(200);
    const posted = (await mentor.agent.post(`/api/organizations/${org.id}/circle/cards`).send({ menteeId: other.user.id, alias: 'T.', body: 'Afraid of the move.' }).expect(201)).body;
    await other.agent.delete('/api/me').send({ password: other.password, contributions: 'remove' }).expect(204);
    expectProblem(await mentor.agent.get(`/api/circle/cards/${posted.id}`), 404, 'CASE_CARD_NOT_FOUND');
    expect(await api.sql(`SELECT count(*)::int AS n FROM case_cards WHERE mentee_id = $1`, [other.user.id])).toEqual([{ n: 0 }]);
  });
});
