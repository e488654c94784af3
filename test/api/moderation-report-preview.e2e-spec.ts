import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { createSpace } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * The report page shows what is being reported — only what the reporter can already see: no text
 * of something moderators hid, no author of an anonymous story, nothing from a space they are not in.
 */
let api: TestApi;
let author: RegisteredUser;
let reader: RegisteredUser;
let outsider: RegisteredUser;

const preview = (who: RegisteredUser, targetType: string, targetId: string) => who.agent.get('/api/reports/preview').query({ targetType, targetId });
const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

beforeAll(async () => {
  api = await startApi();
  [author, reader, outsider] = await Promise.all([registerUser(api.url), registerUser(api.url), registerUser(api.url)]);
}, 60_000);
afterAll(() => api?.stop());

describe('report preview', () => {
  it('shows a message and its author to a member who may report it; nothing to anyone else', async () => {
    const space = await createSpace(author, { visibility: 'private' });
    await api.sql(`INSERT INTO space_members (space_id, user_id, role) VALUES ($1, $2, 'member')`, [space.id, reader.user.id]);
    const sent = await author.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body: 'Meet me behind the station at ten' });
    expect(sent.status).toBeLessThan(300);
    const id = sent.body.message?.id ?? sent.body.id;
    expect((await preview(reader, 'message', id).expect(200)).body).toEqual({ targetType: 'message', excerpt: 'Meet me behind the station at ten', author: author.user.username });
    expectProblem(await preview(outsider, 'message', id), 404, 'REPORT_TARGET_NOT_FOUND');
    expectProblem(await request(api.url).get('/api/reports/preview').query({ targetType: 'message', targetId: id }), 401, 'UNAUTHENTICATED');

    // Hidden by moderators: the reporter no longer reads its words here; its author still does.
    await api.sql(`UPDATE messages SET moderation_state = 'hidden' WHERE id = $1`, [id]);
    expect((await preview(reader, 'message', id).expect(200)).body.excerpt).toBeNull();
    expect((await preview(author, 'message', id).expect(200)).body.excerpt).toBe('Meet me behind the station at ten');
  });

  it('never names the author of an anonymous story', async () => {
    const res = await author.agent.post('/api/stories').send({ title: 'Nobody knew', content: doc('It was me.'), contentWarnings: [], visibility: 'public', language: 'en', status: 'published', anonymous: true });
    expect(res.status).toBe(201);
    expect((await preview(reader, 'story', res.body.id).expect(200)).body).toEqual({ targetType: 'story', excerpt: 'Nobody knew', author: null });
    expect(JSON.stringify((await preview(reader, 'story', res.body.id)).body)).not.toContain(author.user.username);
  });

  it('answers bad input with a problem naming the field', async () => {
    expectFieldError(await preview(reader, 'planet', randomUUID()), 'targetType', 422);
    expectFieldError(await preview(reader, 'message', 'nope'), 'targetId', 422);
    expectProblem(await preview(reader, 'user', reader.user.id), 422, 'ACTION_NOT_ALLOWED');
    expectProblem(await preview(reader, 'event', randomUUID()), 404, 'REPORT_TARGET_NOT_FOUND');
  });
});
