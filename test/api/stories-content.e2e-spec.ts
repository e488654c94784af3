/**
 * Stories: what a story may contain (the rich-text schema, links, limits), script injection through
 * every text field, and content notes (blur, reveal, show, hide, free-text notes).
 */
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { REJECTED_HREFS, TRICKY_ALLOWED_HREFS, XSS_STRINGS } from './fixtures/xss-corpus.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Story = Record<string, any>;
type Node = Record<string, unknown>;

let api: TestApi;
let writer: RegisteredUser;
let reader: RegisteredUser;

const text = (t: string, marks?: Node[]): Node => ({ type: 'text', text: t, ...(marks && { marks }) });
const para = (...content: (string | Node)[]): Node => ({ type: 'paragraph', content: content.map((c) => (typeof c === 'string' ? text(c) : c)) });
const doc = (...content: Node[]) => ({ type: 'doc', content });
const linkDoc = (href: unknown) => doc(para(text('a link', [{ type: 'link', attrs: { href } }])));
const storyBody = (over: Record<string, unknown> = {}) => ({
  title: 'What helped me',
  content: doc(para('A friend who listened.')),
  contentWarnings: [],
  visibility: 'public',
  language: 'en',
  status: 'published',
  ...over,
});
async function create(who: RegisteredUser, over: Record<string, unknown> = {}): Promise<Story> {
  const res = await who.agent.post('/api/stories').send(storyBody(over));
  if (res.status !== 201) throw new Error(`create story answered ${res.status}: ${res.text}`);
  return res.body;
}
const count = async (table: string) => (await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

/** A list nested `levels` deep: list > item > list > item ... */
function nestedList(levels: number) {
  let list: Node = { type: 'bulletList', content: [{ type: 'listItem', content: [para('the bottom')] }] };
  for (let i = 1; i < levels; i++) list = { type: 'bulletList', content: [{ type: 'listItem', content: [para(`level ${i}`), list] }] };
  return doc(list);
}

const ALLOWED_TAGS = ['p', 'br', 'h2', 'h3', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'a'];
const ALLOWED_ATTRS: Record<string, string[]> = { a: ['href', 'rel', 'target'], ol: ['start'] };

/** Only our tags and attributes, no handlers, and links only to http(s) or mailto. */
function expectSafeHtml(html: string) {
  expect(typeof html).toBe('string');
  expect(html).not.toMatch(/<\s*(script|iframe|img|svg|style|object|embed|math|base|meta|form|input|video|body|noscript|div|x)\b/i);
  const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g)];
  // Every "<" opens one of the tags we parsed: nothing else that a browser could read as markup.
  expect((html.match(/</g) ?? []).length).toBe(tags.length);
  for (const [, name, attrs] of tags) {
    expect(ALLOWED_TAGS).toContain(name);
    for (const [, attr, raw] of attrs.matchAll(/([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?/g)) {
      expect(attr).not.toMatch(/^on/i);
      expect({ tag: name, attr, allowed: (ALLOWED_ATTRS[name] ?? []).includes(attr) }).toEqual({ tag: name, attr, allowed: true });
      if (attr === 'href') {
        const href = (raw ?? '').replace(/^["']|["']$/g, '');
        expect(href).toMatch(/^(https?:\/\/|mailto:)/i);
        expect(href).not.toMatch(/javascript:|data:|vbscript:/i);
      }
    }
  }
}

beforeAll(async () => {
  api = await startApi();
  [writer, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
});
afterAll(() => api?.stop());

describe('invalid stories are refused with 422 naming the path, and nothing is stored', () => {
  const href = 'content.content[0].content[0].marks[0].attrs.href';
  let outsider: RegisteredUser;
  let publicSpace: string;
  let hiddenSpace: string;
  beforeAll(async () => {
    outsider = await registerUser(api.url);
    publicSpace = (await outsider.agent.post('/api/spaces').send({ name: 'Not yours', description: 'x', visibility: 'public' }).expect(201)).body.id;
    hiddenSpace = (await outsider.agent.post('/api/spaces').send({ name: 'Hidden one', description: 'x', visibility: 'hidden' }).expect(201)).body.id;
  });

  const cases: [string, () => Record<string, unknown>, string][] = [
    ['an image node', () => ({ content: doc({ type: 'image', attrs: { src: 'https://example.com/x.png' } }) }), 'content.content[0].type'],
    ['a codeBlock node', () => ({ content: doc({ type: 'codeBlock', content: [text('rm -rf /')] }) }), 'content.content[0].type'],
    ['an iframe node', () => ({ content: doc({ type: 'iframe', attrs: { src: 'https://evil.example' } }) }), 'content.content[0].type'],
    ['an unknown node inside a paragraph', () => ({ content: doc(para('ok', { type: 'mention', attrs: { id: 'x' } })) }), 'content.content[0].content[1].type'],
    ['heading level 1', () => ({ content: doc({ type: 'heading', attrs: { level: 1 }, content: [text('Big')] }) }), 'content.content[0].attrs.level'],
    ['heading level 4', () => ({ content: doc({ type: 'heading', attrs: { level: 4 }, content: [text('Small')] }) }), 'content.content[0].attrs.level'],
    ['orderedList start -1', () => ({ content: doc({ type: 'orderedList', attrs: { start: -1 }, content: [{ type: 'listItem', content: [para('one')] }] }) }), 'content.content[0].attrs.start'],
    ...REJECTED_HREFS.map((h): [string, () => Record<string, unknown>, string] => [`a link to ${JSON.stringify(h)}`, () => ({ content: linkDoc(h) }), href]),
    ['a link without an href', () => ({ content: linkDoc(undefined) }), href],
    ['an unknown mark', () => ({ content: doc(para(text('underlined', [{ type: 'underline' }]))) }), 'content.content[0].content[0].marks[0].type'],
    ['a code mark', () => ({ content: doc(para(text('code', [{ type: 'code' }]))) }), 'content.content[0].content[0].marks[0].type'],
    ['content that is a string', () => ({ content: '<p>hello</p>' }), 'content'],
    ['content that is an array', () => ({ content: [para('hello')] }), 'content'],
    ['content that is null', () => ({ content: null }), 'content'],
    ['content that is not a doc', () => ({ content: para('hello') }), 'content'],
    ['a list item straight in the doc', () => ({ content: doc({ type: 'listItem', content: [para('x')] }) }), 'content'],
    ['an empty text node', () => ({ content: doc(para(text(''))) }), 'content.content[0].content[0].text'],
    ['content over 100 kB', () => ({ content: doc(para('x'.repeat(100_001))) }), 'content'],
    ['a published story with no words', () => ({ content: doc({ type: 'paragraph' }) }), 'content'],
    ['missing content', () => ({ content: undefined }), 'content'],
    ['a 201-character title', () => ({ title: 'x'.repeat(201) }), 'title'],
    ['a title with a control character', () => ({ title: 'bell\u0007 title' }), 'title'],
    ['a title with a bidi override', () => ({ title: 'abc\u202Edef' }), 'title'],
    ['an empty title', () => ({ title: '   ' }), 'title'],
    ['13 content notes', () => ({ contentWarnings: Array.from({ length: 13 }, (_, i) => `note number ${i}`) }), 'contentWarnings'],
    ['a 61-character free-text note', () => ({ contentWarnings: ['n'.repeat(61)] }), 'contentWarnings.0'],
    ['a one-character free-text note', () => ({ contentWarnings: ['x'] }), 'contentWarnings.0'],
    ['an unknown topic', () => ({ topics: ['unicorns'] }), 'topics.0'],
    ['six topics', () => ({ topics: ['housing', 'work', 'health', 'family', 'money', 'education'] }), 'topics'],
    ['visibility space without a spaceId', () => ({ visibility: 'space' }), 'spaceId'],
    ['a spaceId without visibility space', () => ({ spaceId: publicSpace }), 'spaceId'],
    ['an unknown visibility', () => ({ visibility: 'friends' }), 'visibility'],
    ['an unknown status', () => ({ status: 'archived' }), 'status'],
    ['an unknown language', () => ({ language: 'tlh' }), 'language'],
    ['client HTML', () => ({ html: '<p>trust me</p>' }), 'html'],
    ['an author field', () => ({ authorId: '00000000-0000-4000-8000-000000000000' }), 'authorId'],
  ];

  it.each(cases)('%s', async (_, over, path) => {
    const before = [await count('stories'), await count('story_consents')];
    const res = await writer.agent.post('/api/stories').send(storyBody(over()));
    expectFieldError(res, path);
    expect([await count('stories'), await count('story_consents')]).toEqual(before);
  });

  it('lists nested a few levels are fine; nested beyond the limit are refused', async () => {
    const ok = await writer.agent.post('/api/stories').send(storyBody({ content: nestedList(5) })).expect(201);
    expect(ok.body.html.match(/<ul>/g)).toHaveLength(5);
    const before = await count('stories');
    const res = await writer.agent.post('/api/stories').send(storyBody({ content: nestedList(12) }));
    const body = expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(body.errors?.[0]?.path).toMatch(/^content\.content\[0\]\.content\[0\]/);
    expect(await count('stories')).toBe(before);
  });

  it('a document nested so deep it cannot be measured is a 422, not a crash', async () => {
    const before = await count('stories');
    const deep = `${'['.repeat(120_000)}${']'.repeat(120_000)}`;
    const body = JSON.stringify(storyBody({ content: '__DEEP__' })).replace('"__DEEP__"', deep);
    const res = await writer.agent.post('/api/stories').set('Content-Type', 'application/json').send(body);
    expectFieldError(res, 'content');
    expect(await count('stories')).toBe(before);
    await request(api.url).get('/api/health').expect(200);
  });

  it('posting to a space you are not a member of: 403 NOT_A_MEMBER, or 404 for a hidden one', async () => {
    const before = await count('stories');
    expectProblem(await writer.agent.post('/api/stories').send(storyBody({ visibility: 'space', spaceId: publicSpace })), 403, 'NOT_A_MEMBER');
    expectProblem(await writer.agent.post('/api/stories').send(storyBody({ visibility: 'space', spaceId: hiddenSpace })), 404, 'SPACE_NOT_FOUND');
    // Moving an existing story into such a space is refused the same way.
    const story = await create(writer);
    expectProblem(await writer.agent.patch(`/api/stories/${story.id}`).send({ visibility: 'space', spaceId: publicSpace }), 403, 'NOT_A_MEMBER');
    expect(await count('stories')).toBe(before + 1);
    expect((await writer.agent.get(`/api/stories/${story.id}`).expect(200)).body).toMatchObject({ visibility: 'public', spaceId: null });
  });

  it('visitors cannot post (401)', async () => {
    expectProblem(await request(api.url).post('/api/stories').send(storyBody()), 401, 'UNAUTHENTICATED');
  });

  it('an invalid edit changes nothing', async () => {
    const story = await create(writer, { title: 'Unchanged', content: doc(para('Original words.')) });
    for (const [body, path] of [
      [{ content: linkDoc('javascript:alert(1)') }, href],
      [{ content: doc({ type: 'heading', attrs: { level: 1 }, content: [text('x')] }) }, 'content.content[0].attrs.level'],
      [{ title: 'y'.repeat(201) }, 'title'],
      [{ visibility: 'space' }, 'spaceId'],
      [{ contentWarnings: Array.from({ length: 13 }, (_, i) => `note ${i}x`) }, 'contentWarnings'],
    ] as [Record<string, unknown>, string][]) {
      expectFieldError(await writer.agent.patch(`/api/stories/${story.id}`).send(body), path);
    }
    const after = (await writer.agent.get(`/api/stories/${story.id}`).expect(200)).body;
    expect(after).toMatchObject({ title: 'Unchanged', html: '<p>Original words.</p>', editedAt: null, contentWarnings: [], visibility: 'public' });
  });
});

describe('the stored document and HTML', () => {
  it('renders every allowed construct, and keeps only the attributes we allow', async () => {
    const content = doc(
      { type: 'heading', attrs: { level: 2, id: 'x', style: 'color:red' }, content: [text('Two')] },
      { type: 'heading', attrs: { level: 3 }, content: [text('Three')] },
      para(text('bold', [{ type: 'bold' }]), ' and ', text('italic', [{ type: 'italic' }]), { type: 'hardBreak' }, 'next line'),
      { type: 'bulletList', content: [{ type: 'listItem', content: [para('a')] }] },
      { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [para('c')] }] },
      { type: 'blockquote', content: [para('quoted')] },
      para(text('site', [{ type: 'link', attrs: { href: 'https://example.org/path?q=1&r=2', target: '_self', onclick: 'alert(1)', class: 'x' } }])),
      para(text('mail', [{ type: 'link', attrs: { href: 'mailto:help@example.org' } }])),
    );
    const story = await create(writer, { content });
    expect(story.html).toBe(
      '<h2>Two</h2><h3>Three</h3><p><strong>bold</strong> and <em>italic</em><br />next line</p><ul><li><p>a</p></li></ul>' +
        '<ol start="3"><li><p>c</p></li></ol><blockquote><p>quoted</p></blockquote>' +
        '<p><a href="https://example.org/path?q=1&amp;r=2" rel="nofollow noopener ugc" target="_blank">site</a></p>' +
        '<p><a href="mailto:help@example.org" rel="nofollow noopener ugc" target="_blank">mail</a></p>',
    );
    expectSafeHtml(story.html);
    // The stored document keeps the link's href and nothing else the client sent.
    expect(story.content.content[6].content[0].marks).toEqual([{ type: 'link', attrs: { href: 'https://example.org/path?q=1&r=2' } }]);
    expect(story.content.content[0].attrs).toEqual({ level: 2 });
  });
});

describe('script injection corpus', () => {
  it('has at least 25 attempts', () => {
    expect(XSS_STRINGS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(XSS_STRINGS.map((s, i) => [i, s] as const))('#%i comes back inert through title, body, note and comment', async (_, attack) => {
    const title = attack.slice(0, 200).trim();
    const note = attack.slice(0, 60).trim();
    const content = doc(
      para(attack),
      { type: 'heading', attrs: { level: 2 }, content: [text(attack, [{ type: 'bold' }])] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [para(attack)] }] },
      { type: 'blockquote', content: [para(text(attack, [{ type: 'italic' }, { type: 'link', attrs: { href: 'https://example.com/ok', onclick: 'alert(1)' } }]))] },
    );
    const created = await writer.agent.post('/api/stories').send(storyBody({ title, content, contentWarnings: [note] })).expect(201);
    expect(created.body.title).toBe(title);
    expect(created.body.contentWarnings).toEqual([note]);
    expect(created.body.content.content[0].content[0].text).toBe(attack);
    expectSafeHtml(created.body.html);

    const read = (await reader.agent.get(`/api/stories/${created.body.id}?reveal=true`).expect(200)).body;
    expect(read).toMatchObject({ title, contentWarnings: [note], html: created.body.html });

    const comment = await reader.agent
      .post(`/api/stories/${created.body.id}/comments`)
      .send({ content: doc(para(attack, text(' see', [{ type: 'link', attrs: { href: 'https://example.com/' } }]))) })
      .expect(201);
    expectSafeHtml(comment.body.html);
    expect(comment.body.content.content[0].content[0].text).toBe(attack);

    const [stored] = await api.sql<{ html: string; title: string }>(`SELECT html, title FROM stories WHERE id = $1`, [created.body.id]);
    expect(stored).toEqual({ html: created.body.html, title });
    const [storedComment] = await api.sql<{ html: string }>(`SELECT html FROM story_comments WHERE id = $1`, [comment.body.id]);
    expectSafeHtml(storedComment.html);
  });

  it.each(TRICKY_ALLOWED_HREFS)('an allowed link %j cannot break out of its attribute', async (href) => {
    const story = await create(writer, { content: linkDoc(href) });
    expectSafeHtml(story.html);
    expect(story.html.match(/<a /g)).toHaveLength(1);
    const comment = await reader.agent.post(`/api/stories/${story.id}/comments`).send({ content: linkDoc(href) }).expect(201);
    expectSafeHtml(comment.body.html);
  });

  it.each(REJECTED_HREFS)('a comment linking to %j is refused and not stored', async (bad) => {
    const story = await create(writer);
    const before = await count('story_comments');
    expectFieldError(await reader.agent.post(`/api/stories/${story.id}/comments`).send({ content: linkDoc(bad) }), 'content.content[0].content[0].marks[0].attrs.href');
    expect(await count('story_comments')).toBe(before);
  });
});

describe('content notes', () => {
  const setNotes = (who: RegisteredUser, notes: Record<string, string>) => who.agent.put('/api/me/content-notes').send({ notes });
  const find = async (who: RegisteredUser | null, id: string) => {
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const res: { body: { items: Story[]; nextCursor: string | null } } = await (who ? who.agent : request(api.url))
        .get(`/api/stories?limit=100${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      const hit = res.body.items.find((s) => s.id === id);
      if (hit) return hit as Story;
      cursor = res.body.nextCursor;
    }
    return undefined;
  };
  const expectCovered = (s: Story) => {
    expect(s.covered).toBe(true);
    expect(s).not.toHaveProperty('content');
    expect(s).not.toHaveProperty('html');
    expect(s).not.toHaveProperty('excerpt');
  };

  it('by default a story with a note is covered in GET and in the list: no content, html or excerpt', async () => {
    const story = await create(writer, { title: 'Covered one', contentWarnings: ['violence'], content: doc(para('Hard words here.')) });
    const plain = await create(writer, { title: 'Open one' });
    for (const who of [reader, null]) {
      const got = (await (who ? who.agent : request(api.url)).get(`/api/stories/${story.id}`).expect(200)).body;
      expectCovered(got);
      expect(got).toMatchObject({ title: 'Covered one', contentWarnings: ['violence'], noteMode: 'blur' });
      expectCovered((await find(who, story.id))!);
      expect((await find(who, plain.id))!).toMatchObject({ covered: false, noteMode: 'show', excerpt: 'A friend who listened.' });
    }
    expect(JSON.stringify(await find(reader, story.id))).not.toContain('Hard words');
    // Never for the author.
    expect((await writer.agent.get(`/api/stories/${story.id}`).expect(200)).body).toMatchObject({ covered: false, html: '<p>Hard words here.</p>' });
  });

  it('?reveal=true uncovers it and is remembered for that reader only', async () => {
    const story = await create(writer, { contentWarnings: ['loss'], content: doc(para('About my brother.')) });
    const other = await registerUser(api.url);
    const revealed = (await reader.agent.get(`/api/stories/${story.id}?reveal=true`).expect(200)).body;
    expect(revealed).toMatchObject({ covered: false, html: '<p>About my brother.</p>' });
    expect((await reader.agent.get(`/api/stories/${story.id}`).expect(200)).body).toMatchObject({ covered: false, html: '<p>About my brother.</p>' });
    expect(await find(reader, story.id)).toMatchObject({ covered: false, excerpt: 'About my brother.' });
    expectCovered((await other.agent.get(`/api/stories/${story.id}`).expect(200)).body);
    // A visitor may uncover it for one look; nothing is remembered.
    expect((await request(api.url).get(`/api/stories/${story.id}?reveal=true`).expect(200)).body.covered).toBe(false);
    expectCovered((await request(api.url).get(`/api/stories/${story.id}`).expect(200)).body);
  });

  it('the strictest setting among a story’s notes wins; show uncovers, hide leaves it out of lists', async () => {
    const me = await registerUser(api.url);
    const defaults = (await me.agent.get('/api/me/content-notes').expect(200)).body.notes;
    expect(defaults).toMatchObject({ violence: 'blur', abuse: 'blur', other: 'blur' });
    expect(Object.values(defaults).every((m) => m === 'blur')).toBe(true);

    const violence = await create(writer, { contentWarnings: ['violence'] });
    const both = await create(writer, { contentWarnings: ['violence', 'self_harm'] });
    const abuse = await create(writer, { contentWarnings: ['abuse'] });

    const saved = await setNotes(me, { violence: 'show', abuse: 'hide' }).expect(200);
    expect(saved.body.notes).toMatchObject({ violence: 'show', abuse: 'hide', self_harm: 'blur' });
    expect((await me.agent.get('/api/me/content-notes').expect(200)).body).toEqual(saved.body);

    expect((await me.agent.get(`/api/stories/${violence.id}`).expect(200)).body).toMatchObject({ covered: false, noteMode: 'show', html: expect.any(String) });
    const strict = (await me.agent.get(`/api/stories/${both.id}`).expect(200)).body;
    expectCovered(strict);
    expect(strict.noteMode).toBe('blur');

    expect(await find(me, abuse.id)).toBeUndefined();
    expect(await find(me, violence.id)).toMatchObject({ covered: false });
    // Asked for directly it stays covered.
    const direct = (await me.agent.get(`/api/stories/${abuse.id}`).expect(200)).body;
    expectCovered(direct);
    expect(direct.noteMode).toBe('hide');
    // Another reader's settings are their own.
    expect(await find(reader, abuse.id)).toBeDefined();

    // An author who hides a note still has their own stories with it.
    const mine = await create(me, { contentWarnings: ['abuse'] });
    expect(await find(me, mine.id)).toMatchObject({ covered: false });
  });

  it('free-text notes follow the "other" setting', async () => {
    const me = await registerUser(api.url);
    const story = await create(writer, { contentWarnings: ['a long winter in a shelter'], content: doc(para('Cold nights.')) });
    expect(story.contentWarnings).toEqual(['a long winter in a shelter']);
    expectCovered((await me.agent.get(`/api/stories/${story.id}`).expect(200)).body);

    await setNotes(me, { violence: 'hide', abuse: 'hide' }).expect(200);
    expect(await find(me, story.id)).toBeDefined();

    await setNotes(me, { other: 'show' }).expect(200);
    expect((await me.agent.get(`/api/stories/${story.id}`).expect(200)).body).toMatchObject({ covered: false, html: '<p>Cold nights.</p>' });

    await setNotes(me, { other: 'hide' }).expect(200);
    expect(await find(me, story.id)).toBeUndefined();
    expect((await me.agent.get('/api/me/content-notes').expect(200)).body.notes).toMatchObject({ other: 'hide', violence: 'hide', loss: 'blur' });
  });

  it.each([
    ['a mode that is not one', { notes: { violence: 'mute' } }, 'notes.violence'],
    ['an unknown note', { notes: { unicorns: 'show' } }, 'notes'],
    ['notes that are not an object', { notes: 'show' }, 'notes'],
    ['no notes', {}, 'notes'],
    ['an unknown field', { notes: {}, extra: 1 }, 'extra'],
  ])('PUT /api/me/content-notes with %s: 422 and nothing changes', async (_, body, path) => {
    const me = await registerUser(api.url);
    await setNotes(me, { loss: 'show' }).expect(200);
    const before = (await me.agent.get('/api/me/content-notes').expect(200)).body;
    const res = await me.agent.put('/api/me/content-notes').send(body);
    const problem = expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(problem.errors?.some((e) => e.path === path || e.path.startsWith(`${path}.`))).toBe(true);
    expect((await me.agent.get('/api/me/content-notes').expect(200)).body).toEqual(before);
  });

  it('content-note settings need a session', async () => {
    expectProblem(await request(api.url).get('/api/me/content-notes'), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).put('/api/me/content-notes').send({ notes: { violence: 'show' } }), 401, 'UNAUTHENTICATED');
  });
});
