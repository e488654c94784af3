import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { createOrganization } from '../support/directory.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/** Peer mentoring: profiles, suggestions with reasons, consent-based matches and their agreement. */
let api: TestApi;
beforeAll(async () => {
  api = await startApi({ env: { MENTORING_SWEEP_SECONDS: '1' } });
});
afterAll(() => api?.stop());

async function mentor(profile: Record<string, unknown> = {}): Promise<RegisteredUser> {
  const u = await registerUser(api.url, { displayName: `Mentor ${Math.random().toString(36).slice(2, 6)}` });
  await u.agent.put('/api/mentoring/profile').send({ role: 'mentor', open: true, ...profile }).expect(200);
  return u;
}

const ask = (mentee: RegisteredUser, m: RegisteredUser, intro = 'Hej!') => mentee.agent.post('/api/mentoring/matches').send({ mentorId: m.user.id, intro });

describe('mentoring profile', () => {
  it('starts empty, keeps what is sent, resolves the town, and refuses unknown experiences and towns', async () => {
    const me = await registerUser(api.url, { locale: 'da' });
    expect((await me.agent.get('/api/mentoring/profile').expect(200)).body).toMatchObject({ role: 'none', capacity: 3, open: false, experiences: [], visibility: 'members' });
    const saved = await me.agent.put('/api/mentoring/profile').send({ role: 'mentee', languages: ['DA', 'en'], city: 'aarhus', experiences: ['care_leaver'] }).expect(200);
    expect(saved.body).toMatchObject({ role: 'mentee', languages: ['da', 'en'], city: 'Aarhus', experiences: ['care_leaver'], capacity: 3 });
    // Leaving a field out keeps it.
    expect((await me.agent.put('/api/mentoring/profile').send({ about: 'Jeg vil gerne lære at klare mig selv.' }).expect(200)).body).toMatchObject({ city: 'Aarhus', role: 'mentee' });

    expectFieldError(await me.agent.put('/api/mentoring/profile').send({ experiences: ['diagnosis'] }), 'experiences.0');
    expectFieldError(await me.agent.put('/api/mentoring/profile').send({ capacity: 99 }), 'capacity');
    expectFieldError(await me.agent.put('/api/mentoring/profile').send({ health: 'x' }), 'health');
    expectProblem(await me.agent.put('/api/mentoring/profile').send({ city: 'Atlantis' }), 422, 'PLACE_NOT_FOUND');
    expect((await me.agent.get('/api/mentoring/profile').expect(200)).body).toMatchObject({ city: 'Aarhus', capacity: 3, experiences: ['care_leaver'] });
    expectProblem(await request(api.url).get('/api/mentoring/profile'), 401, 'UNAUTHENTICATED');
  });
});

describe('suggestions', () => {
  it('up to three open mentors with room, with plain reasons in the reader’s language and no score', async () => {
    const mentee = await registerUser(api.url, { locale: 'da' });
    await mentee.agent.put('/api/mentoring/profile').send({ role: 'mentee', languages: ['da'], city: 'Aarhus', experiences: ['care_leaver'] }).expect(200);
    const alike = await mentor({ languages: ['da', 'en'], city: 'Aarhus', experiences: ['care_leaver', 'hostel'] });
    const blocked = await mentor({ languages: ['da'], city: 'Aarhus', experiences: ['care_leaver'] });
    await blocked.agent.post(`/api/users/${mentee.user.id}/block`).expect(204);
    const closed = await mentor({ languages: ['da'], city: 'Aarhus', experiences: ['care_leaver'], open: false });
    const hidden = await mentor({ languages: ['da'], city: 'Aarhus', experiences: ['care_leaver'], visibility: 'matches' });
    const full = await mentor({ languages: ['da'], city: 'Aarhus', experiences: ['care_leaver'], capacity: 1 });
    const other = await registerUser(api.url);
    await ask(other, full).expect(201).then((r) => full.agent.post(`/api/mentoring/matches/${r.body.id}/accept`).send({}).expect(200));

    const res = await mentee.agent.get('/api/mentoring/suggestions').expect(200);
    expect(res.body.items.length).toBeLessThanOrEqual(3);
    const ids = res.body.items.map((s: { userId: string }) => s.userId);
    expect(ids[0]).toBe(alike.user.id);
    for (const excluded of [blocked, closed, hidden, full, mentee]) expect(ids).not.toContain(excluded.user.id);
    expect(res.body.items[0].why).toEqual(['Taler dansk ligesom dig', 'Bor også i Aarhus', 'Har også forladt anbringelse']);
    expect(JSON.stringify(res.body)).not.toMatch(/score/i);
    for (const s of res.body.items) expect(s.why.length).toBeGreaterThan(0);
  });
});

describe('matches', () => {
  it('a mentee asks, the mentor accepts, either pauses and resumes, and either ends in one step', async () => {
    const m = await mentor({ experiences: ['care_leaver'] });
    const mentee = await registerUser(api.url);
    const asked = await ask(mentee, m, 'I left care last year.').expect(201);
    expect(asked.body).toMatchObject({ state: 'requested', myRole: 'mentee', menteeAccepted: true, mentorAccepted: false, actions: ['end'] });
    const id = asked.body.id;
    const inbox = await m.agent.get('/api/mentoring/matches').expect(200);
    expect(inbox.body.items[0]).toMatchObject({ id, state: 'requested', myRole: 'mentor', intro: 'I left care last year.', actions: ['accept', 'decline'] });
    const note = await m.agent.get('/api/me/notifications').expect(200);
    expect(JSON.stringify(note.body)).toContain('mentoring.requested');

    // The mentee cannot accept twice or "decline" their own yes away; illegal steps are 409.
    expectProblem(await mentee.agent.post(`/api/mentoring/matches/${id}/accept`).send({}), 409, 'MATCH_TRANSITION_INVALID');
    expectProblem(await mentee.agent.post(`/api/mentoring/matches/${id}/pause`).send({}), 409, 'MATCH_TRANSITION_INVALID');

    const active = await m.agent.post(`/api/mentoring/matches/${id}/accept`).send({}).expect(200);
    expect(active.body).toMatchObject({ state: 'active', mentorAccepted: true, actions: ['pause', 'end'], conversationId: expect.any(String) });
    // The active match has its conversation, open to both at once (no message request).
    const conversation = (await mentee.agent.get(`/api/conversations/${active.body.conversationId}`).expect(200)).body;
    expect(conversation).toMatchObject({ state: 'open', readOnly: false, other: { id: m.user.id } });
    await m.agent.post(`/api/spaces/${conversation.spaceId}/messages`).send({ clientId: crypto.randomUUID(), body: 'Velkommen!' }).expect(201);
    await mentee.agent.post(`/api/spaces/${conversation.spaceId}/messages`).send({ clientId: crypto.randomUUID(), body: 'Tak!' }).expect(201);
    expect((await mentee.agent.post(`/api/mentoring/matches/${id}/pause`).send({}).expect(200)).body.state).toBe('paused');
    expect((await m.agent.post(`/api/mentoring/matches/${id}/resume`).send({}).expect(200)).body.state).toBe('active');

    // Agreement: versioned, visible to both, a stale edit is refused.
    const a1 = await mentee.agent.put(`/api/mentoring/matches/${id}/agreement`).send({ howOften: 'Every other week', channel: 'Here', baseVersion: 0 }).expect(200);
    expect(a1.body.current).toMatchObject({ version: 1, howOften: 'Every other week', channel: 'Here', writtenBy: { id: mentee.user.id } });
    const a2 = await m.agent.put(`/api/mentoring/matches/${id}/agreement`).send({ howToEnd: 'Either of us says so', baseVersion: 1 }).expect(200);
    expect(a2.body.current).toMatchObject({ version: 2, howOften: 'Every other week', howToEnd: 'Either of us says so' });
    expect(a2.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expectProblem(await mentee.agent.put(`/api/mentoring/matches/${id}/agreement`).send({ channel: 'Phone', baseVersion: 1 }), 409, 'AGREEMENT_VERSION_CONFLICT');
    expect((await mentee.agent.get(`/api/mentoring/matches/${id}/agreement`).expect(200)).body.current.version).toBe(2);

    // A third person sees none of it.
    const stranger = await registerUser(api.url);
    expectProblem(await stranger.agent.get(`/api/mentoring/matches/${id}`), 404, 'MATCH_NOT_FOUND');
    expectProblem(await stranger.agent.get(`/api/mentoring/matches/${id}/agreement`), 404, 'MATCH_NOT_FOUND');
    expectProblem(await stranger.agent.post(`/api/mentoring/matches/${id}/end`).send({}), 404, 'MATCH_NOT_FOUND');
    expect((await stranger.agent.get('/api/mentoring/matches').expect(200)).body.items).toEqual([]);

    const ended = await mentee.agent.post(`/api/mentoring/matches/${id}/end`).send({}).expect(200);
    expect(ended.body).toMatchObject({ state: 'ended', actions: [] });
    // Ended: the conversation stays readable but takes no more messages.
    expect((await m.agent.get(`/api/conversations/${conversation.id}`).expect(200)).body.readOnly).toBe(true);
    expect((await m.agent.post(`/api/spaces/${conversation.spaceId}/messages`).send({ clientId: crypto.randomUUID(), body: 'One more' })).status).toBeGreaterThanOrEqual(400);
    expect((await mentee.agent.get(`/api/spaces/${conversation.spaceId}/messages`).expect(200)).body.items.map((x: { body: string }) => x.body)).toEqual(['Tak!', 'Velkommen!']);
    expect((await stranger.agent.get(`/api/spaces/${conversation.spaceId}/messages`)).status).toBeGreaterThanOrEqual(403);
    expectProblem(await m.agent.post(`/api/mentoring/matches/${id}/resume`).send({}), 409, 'MATCH_TRANSITION_INVALID');
    expectProblem(await m.agent.put(`/api/mentoring/matches/${id}/agreement`).send({ channel: 'x' }), 409, 'MATCH_TRANSITION_INVALID');
    expect((await mentee.agent.post(`/api/mentoring/matches/${id}/keep`).send({ keep: true }).expect(200)).body.keepConversation).toBe(true);
    await mentee.agent.post(`/api/mentoring/matches/${id}/feedback`).send({ note: 'It was good.' }).expect(204);
    // Feedback is private: nothing in the match answer shows it.
    expect(JSON.stringify((await m.agent.get(`/api/mentoring/matches/${id}`).expect(200)).body)).not.toContain('It was good');
    const mentorNotes = await m.agent.get('/api/me/notifications').expect(200);
    expect(JSON.stringify(mentorNotes.body)).toContain('mentoring.ended');
  });

  it('bad requests: oneself, not open, at capacity, blocked, twice — each a clear 4xx that stores nothing', async () => {
    const m = await mentor({ capacity: 1 });
    const mentee = await registerUser(api.url);
    const count = async () => (await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM mentoring_matches WHERE mentor_id = $1 OR mentee_id = $1`, [m.user.id]))[0]!.n;

    expectProblem(await ask(m, m), 422, 'MATCH_SELF');
    const notMentor = await registerUser(api.url);
    expectProblem(await ask(mentee, notMentor), 422, 'MENTOR_NOT_OPEN');
    expectProblem(await mentee.agent.post('/api/mentoring/matches').send({ mentorId: '6f1c9a4e-0d2b-4c7e-9a1f-3b5d7e9f1a2c' }), 404, 'USER_NOT_FOUND');
    expectFieldError(await mentee.agent.post('/api/mentoring/matches').send({ mentorId: 'nope' }), 'mentorId');

    const blocker = await registerUser(api.url);
    await blocker.agent.post(`/api/users/${m.user.id}/block`).expect(204);
    expectProblem(await ask(blocker, m), 403, 'MATCH_BLOCKED');

    const first = await ask(mentee, m).expect(201);
    expectProblem(await ask(mentee, m), 409, 'MATCH_EXISTS');
    await m.agent.post(`/api/mentoring/matches/${first.body.id}/accept`).send({}).expect(200);
    const late = await registerUser(api.url);
    expectProblem(await ask(late, m), 409, 'MENTOR_AT_CAPACITY');
    // With room again the late asker gets in; lowering capacity below the ongoing matches is refused, naming the field.
    await m.agent.put('/api/mentoring/profile').send({ capacity: 2 }).expect(200);
    const second = await ask(late, m).expect(201);
    await m.agent.post(`/api/mentoring/matches/${second.body.id}/accept`).send({}).expect(200);
    expectFieldError(await m.agent.put('/api/mentoring/profile').send({ capacity: 1 }), 'capacity');
    expect((await m.agent.get('/api/mentoring/profile').expect(200)).body.capacity).toBe(2);
    expect(await count()).toBe(2);

    await m.agent.put('/api/mentoring/profile').send({ open: false }).expect(200);
    expectProblem(await ask(await registerUser(api.url), m), 422, 'MENTOR_NOT_OPEN');
  });

  it('an organisation’s staff may suggest a pair, but it is never active without the mentee’s yes', async () => {
    const staff = await registerUser(api.url);
    const org = await createOrganization(staff);
    const m = await mentor();
    const mentee = await registerUser(api.url);
    const outsider = await registerUser(api.url);
    expectProblem(await outsider.agent.post('/api/mentoring/matches').send({ mentorId: m.user.id, menteeId: mentee.user.id, organizationId: org.id }), 403, 'FORBIDDEN');
    const made = await staff.agent.post('/api/mentoring/matches').send({ mentorId: m.user.id, menteeId: mentee.user.id, organizationId: org.id, intro: 'You both love football.' }).expect(201);
    expect(made.body).toEqual({ id: made.body.id, state: 'requested' });
    const id = made.body.id;
    expectProblem(await staff.agent.get(`/api/mentoring/matches/${id}`), 404, 'MATCH_NOT_FOUND');

    const mentorYes = await m.agent.post(`/api/mentoring/matches/${id}/accept`).send({}).expect(200);
    expect(mentorYes.body).toMatchObject({ state: 'requested', mentorAccepted: true, menteeAccepted: false, suggestedBy: { id: org.id } });
    // Even straight in the database, a row cannot be made active without the mentee's yes.
    await expect(api.sql(`UPDATE mentoring_matches SET state = 'active', started_at = now() WHERE id = $1`, [id])).rejects.toThrow(/mentoring_matches_started_with_both_yes/);
    const menteeYes = await mentee.agent.post(`/api/mentoring/matches/${id}/accept`).send({}).expect(200);
    expect(menteeYes.body.state).toBe('active');

    // Staff mark the mentor as one of the organisation's mentors; it shows as "trained by" on their profile.
    expectProblem(await outsider.agent.post(`/api/organizations/${org.id}/mentors`).send({ username: m.user.username }), 403, 'FORBIDDEN');
    await staff.agent.post(`/api/organizations/${org.id}/mentors`).send({ username: m.user.username }).expect(200);
    expect((await m.agent.get('/api/mentoring/profile').expect(200)).body.trainedBy).toEqual([expect.objectContaining({ id: org.id })]);
    await staff.agent.delete(`/api/organizations/${org.id}/mentors/${m.user.id}`).expect(204);
    expect((await m.agent.get('/api/mentoring/profile').expect(200)).body.trainedBy).toEqual([]);
  });

  it('blocking ends a live match at once, and the database refuses a match between blocked people', async () => {
    const m = await mentor();
    const mentee = await registerUser(api.url);
    const id = (await ask(mentee, m).expect(201)).body.id;
    await m.agent.post(`/api/mentoring/matches/${id}/accept`).send({}).expect(200);
    await mentee.agent.post(`/api/users/${m.user.id}/block`).expect(204);
    expect((await m.agent.get(`/api/mentoring/matches/${id}`).expect(200)).body.state).toBe('ended');
    await expect(
      api.sql(`INSERT INTO mentoring_matches (mentor_id, mentee_id, mentee_accepted_at) VALUES ($1, $2, now())`, [m.user.id, mentee.user.id]),
    ).rejects.toThrow(/MATCH_BLOCKED/);
  });

  it('requests expire after 14 days (the sweep), and an expired request cannot be accepted', async () => {
    const m = await mentor();
    const mentee = await registerUser(api.url);
    const id = (await ask(mentee, m).expect(201)).body.id;
    await api.sql(`UPDATE mentoring_matches SET created_at = now() - interval '15 days' WHERE id = $1`, [id]);
    expectProblem(await m.agent.post(`/api/mentoring/matches/${id}/accept`).send({}), 409, 'MATCH_EXPIRED');
    for (let i = 0; i < 50; i++) {
      const [row] = await api.sql<{ state: string }>(`SELECT state FROM mentoring_matches WHERE id = $1`, [id]);
      if (row!.state === 'expired') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await mentee.agent.get(`/api/mentoring/matches/${id}`).expect(200)).body.state).toBe('expired');
    // Once swept, the answer is the same: the first accept may have run before or after the sweep.
    expectProblem(await m.agent.post(`/api/mentoring/matches/${id}/accept`).send({}), 409, 'MATCH_EXPIRED');
    expect(JSON.stringify((await mentee.agent.get('/api/me/notifications').expect(200)).body)).toContain('mentoring.expired');
  });

  it('an ended conversation is deleted after 30 days unless both keep it', async () => {
    const pair = async () => {
      const m = await mentor();
      const mentee = await registerUser(api.url);
      const id = (await ask(mentee, m).expect(201)).body.id;
      const conversationId = (await m.agent.post(`/api/mentoring/matches/${id}/accept`).send({}).expect(200)).body.conversationId;
      await m.agent.post(`/api/mentoring/matches/${id}/end`).send({}).expect(200);
      return { m, mentee, id, conversationId };
    };
    const kept = await pair();
    const dropped = await pair();
    await kept.m.agent.post(`/api/mentoring/matches/${kept.id}/keep`).send({ keep: true }).expect(200);
    await kept.mentee.agent.post(`/api/mentoring/matches/${kept.id}/keep`).send({ keep: true }).expect(200);
    await dropped.mentee.agent.post(`/api/mentoring/matches/${dropped.id}/keep`).send({ keep: true }).expect(200);
    await api.sql(`UPDATE mentoring_matches SET ended_at = now() - interval '31 days' WHERE id = ANY($1::uuid[])`, [[kept.id, dropped.id]]);
    const exists = async (id: string) => (await api.sql(`SELECT 1 FROM conversations WHERE id = $1`, [id])).length > 0;
    for (let i = 0; i < 50 && (await exists(dropped.conversationId)); i++) await new Promise((r) => setTimeout(r, 200));
    expect(await exists(dropped.conversationId)).toBe(false);
    expect((await dropped.mentee.agent.get(`/api/mentoring/matches/${dropped.id}`).expect(200)).body.conversationId).toBeNull();
    expect(await exists(kept.conversationId)).toBe(true);
  });

  it('check-ins go to both privately at 4 weeks, with no text of their conversation', async () => {
    const m = await mentor();
    const mentee = await registerUser(api.url);
    const id = (await ask(mentee, m).expect(201)).body.id;
    await m.agent.post(`/api/mentoring/matches/${id}/accept`).send({}).expect(200);
    const [row] = await api.sql<{ next_check_in_at: Date; started_at: Date }>(`SELECT next_check_in_at, started_at FROM mentoring_matches WHERE id = $1`, [id]);
    expect(new Date(row!.next_check_in_at).getTime() - new Date(row!.started_at).getTime()).toBeCloseTo(28 * 24 * 3600_000, -4);
    await api.sql(`UPDATE mentoring_matches SET next_check_in_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    const checkIns = async (u: RegisteredUser) =>
      (await u.agent.get('/api/me/notifications').expect(200)).body.items.filter((n: { kind: string }) => n.kind === 'mentoring.check_in');
    for (let i = 0; i < 50 && (await checkIns(mentee)).length === 0; i++) await new Promise((r) => setTimeout(r, 200));
    for (const u of [mentee, m]) {
      const items = await checkIns(u);
      expect(items).toHaveLength(1);
      expect(items[0].data).toEqual({ matchId: id });
    }
    const [after] = await api.sql<{ next_check_in_at: Date }>(`SELECT next_check_in_at FROM mentoring_matches WHERE id = $1`, [id]);
    expect(new Date(after!.next_check_in_at).getTime()).toBeGreaterThan(Date.now() + 80 * 24 * 3600_000);
  });
});
