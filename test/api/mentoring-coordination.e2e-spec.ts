import { startApi, type TestApi } from '../support/api-server.js';
import { createOrganization, resourceBody } from '../support/directory.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * What an organisation's coordinators get around mentoring, and what they never get: time to
 * first reply measured from the match's messages, the private feedback without names (and never
 * about a match they were part of), one list of "our mentors" that is also "trained by", reach
 * out with care from their reports; and a conversation that knows its match and its space.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

const people = (n: number) => Promise.all(Array.from({ length: n }, () => registerUser(api.url)));
const send = (who: RegisteredUser, spaceId: string, body: string) =>
  who.agent.post(`/api/spaces/${spaceId}/messages`).send({ clientId: crypto.randomUUID(), body }).expect(201);

/** A mentee asks an open mentor, who says yes; answers the match with its conversation. */
async function activeMatch(mentor: RegisteredUser, mentee: RegisteredUser): Promise<{ id: string; conversationId: string; spaceId: string }> {
  await mentor.agent.put('/api/mentoring/profile').send({ role: 'mentor', open: true }).expect(200);
  const asked = (await mentee.agent.post('/api/mentoring/matches').send({ mentorId: mentor.user.id, intro: 'Hello' }).expect(201)).body;
  const accepted = (await mentor.agent.post(`/api/mentoring/matches/${asked.id}/accept`).send({}).expect(200)).body;
  const conversation = (await mentee.agent.get(`/api/conversations/${accepted.conversationId}`).expect(200)).body;
  return { id: asked.id, conversationId: accepted.conversationId, spaceId: conversation.spaceId };
}

async function markMentor(coordinator: RegisteredUser, orgId: string, who: RegisteredUser) {
  await coordinator.agent.post(`/api/organizations/${orgId}/mentors`).send({ username: who.user.username }).expect(200);
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const quarterOf = (d: Date) => `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;

describe('time to first reply', () => {
  it('is the mentor’s first message after the request (or after the mentee’s first message), a median per quarter, hidden under 5 people', async () => {
    const [coordinator, ...rest] = await people(9);
    const org = await createOrganization(coordinator);
    const pairs = [0, 1, 2, 3].map((i) => ({ mentor: rest[2 * i]!, mentee: rest[2 * i + 1]! }));
    const matches = [];
    for (const p of pairs) {
      await markMentor(coordinator, org.id, p.mentor);
      matches.push(await activeMatch(p.mentor, p.mentee));
    }
    // Every match was asked for 10 hours ago; the messages are placed in time after that.
    await api.sql(`UPDATE mentoring_matches SET created_at = $2 WHERE id = ANY($1::uuid[])`, [matches.map((m) => m.id), hoursAgo(10)]);
    const at = async (who: RegisteredUser, match: { spaceId: string }, hours: number) => {
      const message = (await send(who, match.spaceId, 'hello')).body.message;
      await api.sql(`UPDATE messages SET created_at = $2 WHERE id = $1`, [message.id, hoursAgo(10 - hours)]);
    };
    const replyCell = async () => {
      const items = (await coordinator.agent.get(`/api/organizations/${org.id}/numbers`).expect(200)).body.items as Json[];
      return { all: items.find((r) => r.group === 'all')!, period: items.find((r) => r.group === 'period') };
    };
    // The mentee wrote first (hour 1), the mentor answered at hour 3: 2 hours. The mentor wrote first at hour 4: 4 hours.
    await at(pairs[0]!.mentee, matches[0]!, 1);
    await at(pairs[0]!.mentor, matches[0]!, 3);
    await at(pairs[1]!.mentor, matches[1]!, 4);
    // Only the mentee wrote here: no reply to count.
    await at(pairs[3]!.mentee, matches[3]!, 2);
    // Two answered matches are four people: the cell stays hidden.
    expect((await replyCell()).all).toMatchObject({ started: 4, medianFirstReplyHours: null });
    await at(pairs[2]!.mentor, matches[2]!, 6);
    await at(pairs[2]!.mentor, matches[2]!, 8);
    const { all, period } = await replyCell();
    expect(all).toMatchObject({ started: 4, medianFirstReplyHours: 4 });
    expect(period).toMatchObject({ group: 'period', key: quarterOf(hoursAgo(10)), started: 4, medianFirstReplyHours: 4 });
    const csv = (await coordinator.agent.get(`/api/organizations/${org.id}/numbers?format=csv`).expect(200)).text;
    expect(csv.split('\r\n')).toContain(`period,${quarterOf(hoursAgo(10))},4,4,,,,4`);
  });
});

describe('private feedback for the organisation', () => {
  it('coordinators read it without names; never about a match they were in; others are refused; reading it is logged', async () => {
    const [coordinator, staff, mentee1, mentor2, mentee2, outsider] = await people(6);
    const org = await createOrganization(coordinator);
    await coordinator.agent.post(`/api/organizations/${org.id}/staff`).send({ username: staff.user.username, role: 'staff' }).expect(200);
    // The coordinator is one of the organisation's mentors too, with a mentee of their own.
    await markMentor(coordinator, org.id, coordinator);
    await markMentor(coordinator, org.id, mentor2);
    const own = await activeMatch(coordinator, mentee1);
    const other = await activeMatch(mentor2, mentee2);
    await mentee1.agent.post(`/api/mentoring/matches/${own.id}/end`).send({ note: 'My mentor often forgot our meetings.' }).expect(200);
    await mentee2.agent.post(`/api/mentoring/matches/${other.id}/end`).send({}).expect(200);
    await mentee2.agent.post(`/api/mentoring/matches/${other.id}/feedback`).send({ note: 'It helped me find a flat.' }).expect(204);
    await mentor2.agent.post(`/api/mentoring/matches/${other.id}/feedback`).send({ note: 'More training on benefits, please.' }).expect(204);

    const month = new Date().toISOString().slice(0, 7);
    const byStaff = (await staff.agent.get(`/api/organizations/${org.id}/feedback`).expect(200)).body.items as Json[];
    expect(byStaff.map((f) => [f.from, f.note]).sort()).toEqual([
      ['mentee', 'It helped me find a flat.'],
      ['mentee', 'My mentor often forgot our meetings.'],
      ['mentor', 'More training on benefits, please.'],
    ]);
    // No names, ids of people or matches, or days: the words, the side and the month.
    for (const f of byStaff) expect(Object.keys(f).sort()).toEqual(['from', 'id', 'month', 'note']);
    expect(byStaff.every((f) => f.month === month)).toBe(true);
    expect(JSON.stringify(byStaff)).not.toContain(mentee1.user.username);
    // The coordinator was the mentor the first note is about: it was meant for the organisation, not for them.
    const byCoordinator = (await coordinator.agent.get(`/api/organizations/${org.id}/feedback`).expect(200)).body.items as Json[];
    expect(byCoordinator.map((f) => f.note).sort()).toEqual(['It helped me find a flat.', 'More training on benefits, please.']);
    expect((await staff.agent.get(`/api/organizations/${org.id}/feedback?limit=1`).expect(200)).body.items).toHaveLength(1);

    for (const who of [mentor2, mentee2, outsider]) expectProblem(await who.agent.get(`/api/organizations/${org.id}/feedback`), 403, 'FORBIDDEN');
    expectFieldError(await staff.agent.get(`/api/organizations/${org.id}/feedback?limit=0`), 'limit');
    expectFieldError(await staff.agent.get(`/api/organizations/${org.id}/feedback?limit=101`), 'limit');
    expectProblem(await staff.agent.get('/api/organizations/not-a-uuid/feedback'), 404, 'ORGANIZATION_NOT_FOUND');
    const log = (await mentor2.agent.get(`/api/organizations/${org.id}/log`).expect(200)).body.items as Json[];
    expect(log.filter((e) => e.action === 'feedback_viewed').map((e) => e.actor.username).sort()).toEqual(
      [coordinator.user.username, staff.user.username, staff.user.username].sort(),
    );
  });
});

describe("the organisation's mentors: one list, which is also 'trained by'", () => {
  it('marking someone shows "trained by" on their profile and in suggestions and lets them into the circle; taking them off undoes both', async () => {
    const [coordinator, mentor, mentee] = await people(3);
    const org = await createOrganization(coordinator);
    await coordinator.agent.post(`/api/organizations/${org.id}/circle`).expect(200);
    await mentor.agent.put('/api/mentoring/profile').send({ role: 'mentor', open: true }).expect(200);
    await markMentor(coordinator, org.id, mentor);
    expect((await mentor.agent.get('/api/mentoring/profile').expect(200)).body.trainedBy).toEqual([{ id: org.id, name: expect.any(String), slug: org.slug }]);
    const suggested = (await mentee.agent.get('/api/mentoring/suggestions').expect(200)).body.items as Json[];
    expect(suggested.find((s) => s.userId === mentor.user.id)?.trainedBy).toEqual([expect.objectContaining({ id: org.id })]);
    await mentor.agent.get(`/api/organizations/${org.id}/circle`).expect(200);
    // The old second list is gone.
    expectProblem(await coordinator.agent.post('/api/mentoring/trained').send({ organizationId: org.id, userId: mentor.user.id }), 404, 'NOT_FOUND');

    await coordinator.agent.delete(`/api/organizations/${org.id}/mentors/${mentor.user.id}`).expect(204);
    expect((await mentor.agent.get('/api/mentoring/profile').expect(200)).body.trainedBy).toEqual([]);
    expectProblem(await mentor.agent.get(`/api/organizations/${org.id}/circle`), 404, 'CIRCLE_NOT_FOUND');
  });

  it('the migration moves every "trained by" mark into the one list, into the circle and the log, and back on the way down', async () => {
    const [coordinator, trained, both] = await people(3);
    const org = await createOrganization(coordinator);
    await coordinator.agent.post(`/api/organizations/${org.id}/circle`).expect(200);
    await markMentor(coordinator, org.id, both);
    const { migrations } = await import('../../migrations/dist/index.js');
    const Unify = migrations.find((m: { name: string }) => m.name === 'UnifyOrganizationMentors1796007012835')!;
    const runner = { query: (sql: string, params?: unknown[]) => api.sql(sql, params) };
    const migration = new Unify();
    await migration.down(runner as never);
    // As before the change: one person only "trained by", one in both lists.
    await api.sql(`DELETE FROM organization_mentors WHERE user_id = $1`, [trained.user.id]);
    await api.sql(`INSERT INTO mentoring_trainings (user_id, organization_id, marked_by, created_at) VALUES ($1, $3, $4, now() - interval '40 days'), ($2, $3, $4, now())
                   ON CONFLICT DO NOTHING`, [trained.user.id, both.user.id, org.id, coordinator.user.id]);
    await migration.up(runner as never);

    const marked = await api.sql<Json>(`SELECT user_id, marked_by FROM organization_mentors WHERE organization_id = $1 ORDER BY created_at`, [org.id]);
    expect(marked).toEqual([
      { user_id: trained.user.id, marked_by: coordinator.user.id },
      { user_id: both.user.id, marked_by: coordinator.user.id },
    ]);
    expect(await api.sql(`SELECT to_regclass('public.mentoring_trainings') AS t`)).toEqual([{ t: null }]);
    await trained.agent.get(`/api/organizations/${org.id}/circle`).expect(200);
    expect((await trained.agent.get('/api/mentoring/profile').expect(200)).body.trainedBy).toEqual([expect.objectContaining({ id: org.id })]);
    const log = (await trained.agent.get(`/api/organizations/${org.id}/log`).expect(200)).body.items as Json[];
    expect(log.filter((e) => e.action === 'mentor_added').map((e) => e.subject.username)).toContain(trained.user.username);
  });
});

describe('reach out with care from the organisation’s reports', () => {
  it('the queue names the person a report is about and whether an outreach began or was declined; a decline is final', async () => {
    const [staff, author, reporter] = await people(3);
    const org = await createOrganization(staff);
    const resource = (await staff.agent.post('/api/resources').send(resourceBody(org.id)).expect(201)).body;
    const tip = (await author.agent.post(`/api/resources/${resource.id}/tips`).send({ body: 'They turned me away twice.' }).expect(201)).body;
    await reporter.agent.post('/api/reports').send({ targetType: 'tip', targetId: tip.id, reason: 'other', note: 'Sounds like they are struggling' }).expect(201);
    const item = async () => ((await staff.agent.get(`/api/organizations/${org.id}/queue`).expect(200)).body.items as Json[]).find((i) => i.targetId === tip.id)!;

    expect(await item()).toMatchObject({ person: { username: author.user.username }, outreach: null });
    const reached = (await staff.agent.post('/api/conversations/outreach').send({ itemId: (await item()).id }).expect(200)).body;
    expect(reached.outreach).toEqual({ as: 'org_staff', context: expect.any(String) });
    expect((await item()).outreach).toEqual({ state: 'request', conversationId: reached.id });
    await author.agent.post(`/api/conversations/${reached.id}/decline`).expect(204);
    expect((await item()).outreach).toEqual({ state: 'declined', conversationId: reached.id });
    expectProblem(await staff.agent.post('/api/conversations/outreach').send({ itemId: (await item()).id }), 409, 'OUTREACH_DECLINED');
  });
});

describe('a conversation and its match, a direct space and its conversation', () => {
  it('the conversation carries its match id for the two members only; the direct space names its conversation to them and is 404 to others', async () => {
    const [mentor, mentee, outsider, friend] = await people(4);
    const match = await activeMatch(mentor, mentee);
    for (const who of [mentor, mentee]) expect((await who.agent.get(`/api/conversations/${match.conversationId}`).expect(200)).body.matchId).toBe(match.id);
    expectProblem(await outsider.agent.get(`/api/conversations/${match.conversationId}`), 404, 'CONVERSATION_NOT_FOUND');
    const plain = (await friend.agent.post('/api/conversations').send({ userId: mentee.user.id }).expect(200)).body;
    expect(plain.matchId).toBeNull();
    expect(((await mentee.agent.get('/api/conversations').expect(200)).body.items as Json[]).find((c) => c.id === match.conversationId)?.matchId).toBe(match.id);

    const space = (await mentee.agent.get(`/api/spaces/${match.spaceId}`).expect(200)).body;
    expect(space).toMatchObject({ name: '', conversationId: match.conversationId });
    expect((await mentor.agent.get(`/api/spaces/${space.slug}`).expect(200)).body.conversationId).toBe(match.conversationId);
    expectProblem(await outsider.agent.get(`/api/spaces/${space.slug}`), 404, 'SPACE_NOT_FOUND');
    const group = (await outsider.agent.post('/api/spaces').send({ name: 'Group here', description: 'Peers', visibility: 'public' }).expect(201)).body;
    expect(group.conversationId).toBeNull();
  });
});
