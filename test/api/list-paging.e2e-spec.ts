import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { registerUser } from '../support/users.js';

/**
 * Story comments and event windows come in pages (issue 16: lists scale). Walking every page with
 * its cursor gives each item once, in order, and the same items as the whole list; a hand-made
 * cursor is a 422, never a 500.
 */
let api: TestApi;
let cookie: string;
let me: string;

beforeAll(async () => {
  api = await startApi();
  const person = await registerUser(api.url);
  cookie = person.cookie;
  me = person.user.id;
});
afterAll(async () => {
  await api?.stop();
});

const get = (path: string) => request(api.url).get(path).set('cookie', cookie);

async function walk<T>(first: string, withCursor: (cursor: string) => string): Promise<{ pages: number; items: T[] }> {
  const items: T[] = [];
  let path: string | null = first;
  let pages = 0;
  while (path) {
    const res: request.Response = await get(path).expect(200);
    items.push(...res.body.items);
    pages += 1;
    path = res.body.nextCursor ? withCursor(res.body.nextCursor) : null;
    if (pages > 100) throw new Error('the cursor never ended');
  }
  return { pages, items };
}

describe('story comments', () => {
  let story: string;
  beforeAll(async () => {
    [{ id: story }] = await api.sql<{ id: string }>(
      `INSERT INTO stories (author_id, title, content, html, plain_text, visibility, language, status, published_at)
       VALUES ($1, 'Many answers', '{}', '<p>x</p>', 'x', 'public', 'en', 'published', now()) RETURNING id`,
      [me],
    );
    // 45 comments, five of them in the same millisecond (one transaction's now()), then replies.
    await api.sql(
      `INSERT INTO story_comments (story_id, author_id, content, html, created_at)
       SELECT $1, $2, '{}', '<p>c' || g || '</p>', CASE WHEN g <= 5 THEN now() ELSE now() + g * interval '1 second' END FROM generate_series(1, 45) g`,
      [story, me],
    );
    await api.sql(
      `INSERT INTO story_comments (story_id, author_id, reply_to_id, content, html, created_at)
       SELECT $1, $2, c.id, '{}', '<p>reply</p>', c.created_at + interval '1 minute' FROM story_comments c WHERE c.story_id = $1 AND c.html = '<p>c10</p>'`,
      [story, me],
    );
  });

  it('come a page at a time, oldest first, each once, replies under their comment', async () => {
    const { pages, items } = await walk<{ id: string; html: string; replies: unknown[] }>(
      `/api/stories/${story}/comments?limit=10`,
      (c) => `/api/stories/${story}/comments?limit=10&cursor=${c}`,
    );
    expect(pages).toBe(5);
    expect(items).toHaveLength(45);
    expect(new Set(items.map((c) => c.id)).size).toBe(45);
    expect(items.slice(5).map((c) => c.html)).toEqual(Array.from({ length: 40 }, (_, i) => `<p>c${i + 6}</p>`));
    expect(items.find((c) => c.html === '<p>c10</p>')!.replies).toHaveLength(1);
  });

  it('default to a page of 50 with no further cursor', async () => {
    const res = await get(`/api/stories/${story}/comments`).expect(200);
    expect(res.body.items).toHaveLength(45);
    expect(res.body.nextCursor).toBeNull();
  });

  it('refuse a made-up cursor or limit with a 422', async () => {
    expectProblem(await get(`/api/stories/${story}/comments?cursor=bm90LWEtY3Vyc29y`), 422, 'VALIDATION_FAILED');
    expectProblem(await get(`/api/stories/${story}/comments?limit=1000`), 422, 'VALIDATION_FAILED');
  });
});

describe('events in a window', () => {
  beforeAll(async () => {
    const [{ id: space }] = await api.sql<{ id: string }>(
      `INSERT INTO spaces (slug, name, visibility) VALUES ('paging-events', 'Paging', 'public') RETURNING id`,
    );
    // 30 one-off events (three starting at the same instant), one already running, one weekly series.
    await api.sql(
      `INSERT INTO events (title, kind, starts_at, ends_at, timezone, space_id)
       SELECT 'One-off ' || g, 'community', date_trunc('hour', now()) + (greatest(g, 3)) * interval '7 hours', date_trunc('hour', now()) + greatest(g, 3) * interval '7 hours' + interval '1 hour', 'UTC', NULL
         FROM generate_series(1, 30) g`,
    );
    await api.sql(
      `INSERT INTO events (title, kind, starts_at, ends_at, timezone, space_id) VALUES
         ('Camp', 'community', now() - interval '3 days', now() + interval '3 days', 'UTC', NULL),
         ('Weekly', 'community', now() - interval '20 days', now() - interval '20 days' + interval '2 hours', 'UTC', $1)`,
      [space],
    );
    await api.sql(`UPDATE events SET rrule = 'FREQ=WEEKLY' WHERE title = 'Weekly'`);
    await request(api.url).post(`/api/spaces/${space}/join`).set('cookie', cookie).expect((r) => expect(r.status).toBeLessThan(300));
  });

  it('page through the same occurrences as the whole window, in order, each once', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 20 * 86_400_000).toISOString();
    const window = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const whole = (await get(`/api/events?${window}`).expect(200)).body.items as { eventId: string; startsAt: string }[];
    expect(whole.length).toBeGreaterThan(30);
    const { pages, items } = await walk<{ eventId: string; startsAt: string }>(`/api/events?${window}&limit=7`, (c) => `/api/events?${window}&limit=7&cursor=${c}`);
    expect(pages).toBeGreaterThan(4);
    const key = (o: { eventId: string; startsAt: string }) => `${o.startsAt}|${o.eventId}`;
    expect(items.map(key)).toEqual([...whole].sort((a, b) => key(a).localeCompare(key(b))).map(key));
    expect(items[0]).toMatchObject({ title: 'Camp' });
  });
});
