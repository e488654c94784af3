/**
 * Display names may be anything, but one that looks like another person's name must not let its
 * holder pass for them: wherever authors are shown (chat, stories, comments) the API flags such a
 * name, and the pages put the @username beside it.
 */
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { startWeb, type TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

let api: TestApi;
let web: TestWeb;
beforeAll(async () => {
  api = await startApi();
  web = await startWeb(api.url);
}, 120_000);
afterAll(async () => {
  await web?.stop();
  await api?.stop();
});

const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const publishStory = async (who: RegisteredUser, title: string) =>
  (await who.agent.post('/api/stories').send({ title, content: doc('My way home.'), contentWarnings: [], visibility: 'public', language: 'en', status: 'published' }).expect(201))
    .body as { id: string };

describe('a display name that imitates another person’s name', () => {
  const n = String(randomInt(10_000_000, 99_999_999));
  let mentor: RegisteredUser;
  let imitator: RegisteredUser;
  let reader: RegisteredUser;
  beforeAll(async () => {
    mentor = await registerUser(api.url, { username: `mentor${n}` });
    // "Mentor…" with a Cyrillic М and о: looks exactly like the mentor's username.
    imitator = await registerUser(api.url, { displayName: `\u041c\u0435nt\u043er${n}` });
    reader = await registerUser(api.url, { displayName: `Quiet reader ${n}` });
  });

  it('is flagged on stories and comments, other names are not', async () => {
    const story = await publishStory(imitator, 'Not really the mentor');
    const own = await publishStory(reader, 'An honest story');
    expect((await request(api.url).get(`/api/stories/${story.id}`).expect(200)).body.author).toMatchObject({ username: imitator.user.username, nameLookalike: true });
    expect((await request(api.url).get(`/api/stories/${own.id}`).expect(200)).body.author).toMatchObject({ username: reader.user.username, nameLookalike: false });

    await imitator.agent.post(`/api/stories/${own.id}/comments`).send({ content: doc('Trust me.') }).expect(201);
    await mentor.agent.post(`/api/stories/${own.id}/comments`).send({ content: doc('I am the real one.') }).expect(201);
    const comments = (await request(api.url).get(`/api/stories/${own.id}/comments`).expect(200)).body.items as { author: { username: string; nameLookalike: boolean } }[];
    expect(comments.map((c) => [c.author.username, c.author.nameLookalike]).sort()).toEqual(
      [[imitator.user.username, true], [mentor.user.username, false]].sort(),
    );
  });

  it('is flagged on chat messages and on reply quotes', async () => {
    const space = (await imitator.agent.post('/api/spaces').send({ name: `Peers ${n}`, description: 'Peers', visibility: 'public' }).expect(201)).body;
    await reader.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true }).expect(200);
    const sent = (await imitator.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'Hi, mentor here' }).expect(201)).body.message;
    await reader.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'Oh hi', replyToId: sent.id }).expect(201);
    const items = (await reader.agent.get(`/api/spaces/${space.id}/messages`).expect(200)).body.items as {
      author: { username: string; nameLookalike: boolean };
      replyTo: { author: { nameLookalike: boolean } } | null;
    }[];
    const mine = items.find((m) => m.author.username === imitator.user.username)!;
    const reply = items.find((m) => m.author.username === reader.user.username)!;
    expect(mine.author.nameLookalike).toBe(true);
    expect(reply.author.nameLookalike).toBe(false);
    expect(reply.replyTo).toMatchObject({ id: sent.id, author: { nameLookalike: true } });
  });

  it('follows a change of display name', async () => {
    const later = await registerUser(api.url, { displayName: `Someone ${n}` });
    const story = await publishStory(later, 'Renamed later');
    const author = async () => (await request(api.url).get(`/api/stories/${story.id}`).expect(200)).body.author;
    expect((await author()).nameLookalike).toBe(false);
    await later.agent.patch('/api/me').send({ displayName: `Quiet Reader ${n}` }).expect(200);
    expect((await author()).nameLookalike).toBe(true);
    // The one imitated leaves: an erased account keeps no trace of its display name.
    await reader.agent.delete('/api/me').send({ password: reader.password, contributions: 'anonymise' }).expect(204);
    const [row] = await api.sql<{ display_name_skeleton: string | null }>('SELECT display_name_skeleton FROM users WHERE id = $1', [reader.user.id]);
    expect(row.display_name_skeleton).toBeNull();
    expect((await author()).nameLookalike).toBe(false);
  });

  it('the story page shows the @username next to the imitating name, and not next to others', async () => {
    const story = await publishStory(imitator, 'Shown with the username');
    const honest = await publishStory(mentor, 'Shown by name');
    const page = await (await fetch(`${web.url}/stories/${story.id}`)).text();
    expect(page).toContain(`\u041c\u0435nt\u043er${n} (@${imitator.user.username})`);
    const other = await (await fetch(`${web.url}/stories/${honest.id}`)).text();
    expect(other).toContain(mentor.user.username);
    expect(other).not.toContain(`(@${mentor.user.username})`);
  });
});
