/**
 * Stories: who reads what (visibility, drafts), list filters and paging, anonymous authors,
 * handbook consent, edits, unpublishing and deleting.
 */
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

type Who = RegisteredUser | null;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Story = Record<string, any>;

let api: TestApi;
let author: RegisteredUser; // writes the visibility and anonymity stories; member of the space
let reader: RegisteredUser; // a signed-in member, in no space
let host: RegisteredUser;
let moderator: RegisteredUser;
let spaceMember: RegisteredUser;
let admin: RegisteredUser;
let staff: RegisteredUser; // org_staff
let spaceId: string;

const doc = (...texts: string[]) => ({ type: 'doc', content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });
const storyBody = (over: Record<string, unknown> = {}) => ({
  title: 'The winter I found a room',
  content: doc('It took four months, and then it got better.'),
  contentWarnings: [],
  visibility: 'public',
  language: 'en',
  status: 'published',
  ...over,
});
const get = (who: Who, path: string) => (who ? who.agent.get(path) : request(api.url).get(path));

async function create(who: RegisteredUser, over: Record<string, unknown> = {}): Promise<Story> {
  const res = await who.agent.post('/api/stories').send(storyBody(over));
  if (res.status !== 201) throw new Error(`create story answered ${res.status}: ${res.text}`);
  return res.body;
}

/** Every page of a list, following nextCursor. */
async function listAll(who: Who, query = ''): Promise<Story[]> {
  const items: Story[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(who, `/api/stories?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect({ status: res.status, text: res.status === 200 ? '' : res.text }).toEqual({ status: 200, text: '' });
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

const grant = (user: RegisteredUser, role: string) =>
  api.sql(`UPDATE users SET roles = array_append(roles, $2) WHERE id = $1`, [user.user.id, role]);

beforeAll(async () => {
  api = await startApi();
  [author, reader, host, moderator, spaceMember, admin, staff] = await Promise.all(
    ['author', 'reader', 'host', 'moderator', 'spacemember', 'admin', 'staff'].map(() => registerUser(api.url)),
  );
  await grant(admin, 'admin');
  await grant(staff, 'org_staff');
  const space = await host.agent.post('/api/spaces').send({ name: 'Housing first', description: 'Finding a home', visibility: 'public' }).expect(201);
  spaceId = space.body.id;
  for (const who of [author, moderator, spaceMember]) await who.agent.post(`/api/spaces/${spaceId}/join`).send({}).expect(200);
  await host.agent.patch(`/api/spaces/${spaceId}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
});
afterAll(() => api?.stop());

describe('visibility and drafts', () => {
  const stories: Record<string, Story> = {};
  const viewers = () => ({ visitor: null, reader, spaceMember, moderator, host, admin, author }) as Record<string, Who>;
  const published = ['public', 'members', 'space'];
  const readable: Record<string, string[]> = {
    visitor: ['public'],
    reader: ['public', 'members'],
    spaceMember: published,
    moderator: published,
    host: published,
    // Admins see no space they are not in, and never someone's draft.
    admin: ['public', 'members'],
    author: [...published, 'draftPublic', 'draftSpace'],
  };

  beforeAll(async () => {
    stories.public = await create(author, { title: 'vis public' });
    stories.members = await create(author, { title: 'vis members', visibility: 'members' });
    stories.space = await create(author, { title: 'vis space', visibility: 'space', spaceId });
    stories.draftPublic = await create(author, { title: 'vis draft', status: 'draft' });
    stories.draftSpace = await create(author, { title: 'vis draft space', status: 'draft', visibility: 'space', spaceId });
  });
  const nameOf = (id: string) => Object.keys(stories).find((k) => stories[k].id === id);

  it.each(Object.keys(readable))('%s: GET answers exactly the stories they may read; the rest are 404', async (name) => {
    const who = viewers()[name];
    for (const [kind, story] of Object.entries(stories)) {
      const res = await get(who, `/api/stories/${story.id}`);
      if (readable[name].includes(kind)) {
        expect({ kind, status: res.status }).toEqual({ kind, status: 200 });
        expect(res.body).toMatchObject({ id: story.id, title: story.title, html: '<p>It took four months, and then it got better.</p>' });
      } else {
        expect({ kind, status: res.status }).toEqual({ kind, status: 404 });
        expectProblem(res, 404, 'STORY_NOT_FOUND');
      }
    }
  });

  it.each(Object.keys(readable))('%s: the list holds exactly the published stories they may read', async (name) => {
    const items = (await listAll(viewers()[name])).filter((s) => nameOf(s.id));
    expect(items.map((s) => nameOf(s.id)).sort()).toEqual(readable[name].filter((k) => !k.startsWith('draft')).sort());
    expect(items.every((s) => s.status === 'published')).toBe(true);
  });

  it('drafts: only the author has them in ?mine=true, their comments and reactions', async () => {
    const mine = await listAll(author, '&mine=true');
    expect(mine.map((s) => s.id)).toEqual(expect.arrayContaining([stories.draftPublic.id, stories.draftSpace.id]));
    for (const who of [reader, spaceMember, host, admin]) {
      const theirs = await listAll(who, '&mine=true');
      expect(theirs.filter((s) => nameOf(s.id))).toEqual([]);
    }
    await get(author, `/api/stories/${stories.draftPublic.id}/comments`).expect(200);
    for (const who of [null, reader, spaceMember, host, admin] as Who[]) {
      for (const draft of [stories.draftPublic, stories.draftSpace]) {
        expectProblem(await get(who, `/api/stories/${draft.id}/comments`), 404, 'STORY_NOT_FOUND');
        if (who) {
          expectProblem(await who.agent.post(`/api/stories/${draft.id}/reactions`).send({ kind: 'thanks' }), 404, 'STORY_NOT_FOUND');
          expectProblem(await who.agent.post(`/api/stories/${draft.id}/comments`).send({ content: doc('hello') }), 404, 'STORY_NOT_FOUND');
        }
      }
    }
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM story_reactions WHERE story_id = ANY($1::uuid[])`, [[stories.draftPublic.id, stories.draftSpace.id]]);
    expect(n).toBe(0);
  });

  it('?mine=true needs a session', async () => {
    expectProblem(await get(null, '/api/stories?mine=true'), 401, 'UNAUTHENTICATED');
  });

  it('an unknown or malformed id is 404', async () => {
    expectProblem(await get(reader, '/api/stories/00000000-0000-4000-8000-000000000000'), 404, 'STORY_NOT_FOUND');
    expectProblem(await get(reader, '/api/stories/not-a-uuid'), 404, 'STORY_NOT_FOUND');
  });
});

describe('list filters and paging', () => {
  let writer: RegisteredUser;
  const s: Record<string, Story> = {};
  beforeAll(async () => {
    writer = await registerUser(api.url);
    await writer.agent.post(`/api/spaces/${spaceId}/join`).send({}).expect(200);
    s.housingHu = await create(writer, { title: 'f1', topics: ['housing', 'work'], language: 'hu' });
    s.healthFi = await create(writer, { title: 'f2', topics: ['health'], language: 'fi' });
    s.housingSpaceFi = await create(writer, { title: 'f3', topics: ['housing'], language: 'fi', visibility: 'space', spaceId });
  });
  const ours = (items: Story[]) => items.filter((i) => Object.values(s).some((x) => x.id === i.id)).map((i) => i.title).sort();

  it('topic, language and spaceId narrow the list, and combine', async () => {
    const byTopic = await listAll(spaceMember, '&topic=housing');
    expect(byTopic.every((i) => i.topics.includes('housing'))).toBe(true);
    expect(ours(byTopic)).toEqual(['f1', 'f3']);

    const byLanguage = await listAll(spaceMember, '&language=fi');
    expect(byLanguage.every((i) => i.language === 'fi')).toBe(true);
    expect(ours(byLanguage)).toEqual(['f2', 'f3']);

    const bySpace = await listAll(spaceMember, `&spaceId=${spaceId}`);
    expect(bySpace.length).toBeGreaterThan(0);
    expect(bySpace.every((i) => i.spaceId === spaceId && i.visibility === 'space')).toBe(true);
    expect(ours(bySpace)).toEqual(['f3']);

    expect(ours(await listAll(spaceMember, '&topic=housing&language=hu'))).toEqual(['f1']);
    // Filtering by a space one is not in shows nothing of it.
    expect(await listAll(reader, `&spaceId=${spaceId}`)).toEqual([]);
  });

  it('mine lists only my own stories, drafts included', async () => {
    const draft = await create(writer, { title: 'f4', status: 'draft' });
    const mine = await listAll(writer, '&mine=true');
    expect(mine.map((i) => i.title).sort()).toEqual(['f1', 'f2', 'f3', 'f4']);
    expect(mine.find((i) => i.id === draft.id)).toMatchObject({ status: 'draft', isAuthor: true });
    expect(mine.every((i) => i.isAuthor)).toBe(true);
  });

  it.each([
    ['an unknown topic', '?topic=unicorns', 'topic'],
    ['an unknown language', '?language=tlh', 'language'],
    ['a spaceId that is not a uuid', '?spaceId=abc', 'spaceId'],
    ['limit 0', '?limit=0', 'limit'],
    ['limit 101', '?limit=101', 'limit'],
    ['a cursor that is not one', '?cursor=garbage', 'cursor'],
    ['a cursor with a date Postgres cannot read', `?cursor=${Buffer.from('2020|00000000-0000-4000-8000-000000000000').toString('base64url')}`, 'cursor'],
    ['a cursor with a malformed id', `?cursor=${Buffer.from(`2020-01-01T00:00:00.000Z|${'-'.repeat(36)}`).toString('base64url')}`, 'cursor'],
  ])('%s: 422 naming the parameter', async (_, query, path) => {
    expectFieldError(await get(reader, `/api/stories${query}`), path);
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const pager = await registerUser(api.url);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await create(pager, { title: `page ${i}` })).id);
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Story[]; nextCursor: string | null } } = await get(
        pager,
        `/api/stories?mine=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      sizes.push(res.body.items.length);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([...made].reverse());
    // The default page is 20, with no next page for 5.
    const all = await get(pager, '/api/stories?mine=true').expect(200);
    expect(all.body).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(all.body.items).toHaveLength(5);
  });

  it('stories published within the same millisecond are not lost between pages', async () => {
    const pager = await registerUser(api.url);
    const made: string[] = [];
    for (let i = 0; i < 4; i++) made.push((await create(pager, { title: `tie ${i}` })).id);
    // Same millisecond, different microseconds: the cursor carries milliseconds only.
    const micros = ['2020-05-05T10:00:00.123900Z', '2020-05-05T10:00:00.123600Z', '2020-05-05T10:00:00.123300Z', '2020-05-05T10:00:00.123100Z'];
    for (let i = 0; i < made.length; i++) await api.sql(`UPDATE stories SET published_at = $2 WHERE id = $1`, [made[i], micros[i]]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Story[]; nextCursor: string | null } } = await get(
        pager,
        `/api/stories?mine=true&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 10);
    expect([...seen].sort()).toEqual([...made].sort());
  });
});

describe('anonymous authors', () => {
  let anon: RegisteredUser;
  const s: Record<string, Story> = {};
  beforeAll(async () => {
    anon = await registerUser(api.url);
    await anon.agent.post(`/api/spaces/${spaceId}/join`).send({}).expect(200);
    s.public = await create(anon, { title: 'anon public', anonymous: true });
    s.members = await create(anon, { title: 'anon members', anonymous: true, visibility: 'members' });
    s.space = await create(anon, { title: 'anon space', anonymous: true, visibility: 'space', spaceId });
    for (const story of Object.values(s)) {
      const mine = await anon.agent.post(`/api/stories/${story.id}/comments`).send({ content: doc('Thank you all for reading.') }).expect(201);
      expect(mine.body.author).toBeNull();
      await spaceMember.agent.post(`/api/stories/${story.id}/comments`).send({ content: doc('This helped me.') }).expect(201);
    }
  });

  const expectNoTrace = (what: string, body: unknown) => {
    const text = JSON.stringify(body);
    expect({ what, leaksName: text.includes(anon.user.username), leaksId: text.includes(anon.user.id) }).toEqual({ what, leaksName: false, leaksId: false });
  };

  it.each([['visitor'], ['reader'], ['spaceMember']])('%s: no answer names the author', async (name) => {
    const who = ({ visitor: null, reader, spaceMember } as Record<string, Who>)[name];
    const kinds = name === 'visitor' ? ['public'] : name === 'reader' ? ['public', 'members'] : ['public', 'members', 'space'];
    for (const kind of kinds) {
      const story = await get(who, `/api/stories/${s[kind].id}?reveal=true`).expect(200);
      expect(story.body.author).toBeNull();
      expect(story.body.anonymous).toBe(true);
      expect(story.body.isAuthor).toBe(false);
      expectNoTrace(`GET ${kind}`, story.body);
      expectNoTrace(`html ${kind}`, story.body.html);

      const comments = await get(who, `/api/stories/${s[kind].id}/comments`).expect(200);
      // The author's own answer comes first, shown without a name; others' comments keep theirs.
      expect(comments.body.items[0]).toMatchObject({ author: null, html: '<p>Thank you all for reading.</p>' });
      expect(comments.body.items.some((c: Story) => c.author?.username === spaceMember.user.username)).toBe(true);
      expectNoTrace(`comments ${kind}`, comments.body);

      if (who) {
        for (let i = 0; i < 2; i++) {
          const reacted = await who.agent.post(`/api/stories/${s[kind].id}/reactions`).send({ kind: 'strength' }).expect(200);
          expect(reacted.body.author).toBeNull();
          expectNoTrace(`reaction ${kind}`, reacted.body);
        }
        const answered = await who.agent.post(`/api/stories/${s[kind].id}/comments`).send({ content: doc('Same here.') }).expect(201);
        expectNoTrace(`comment answer ${kind}`, answered.body);
      }
    }
    const list = await listAll(who);
    expect(list.filter((i) => i.anonymous && i.title.startsWith('anon')).map((i) => i.title).sort()).toEqual(kinds.map((k) => `anon ${k}`).sort());
    expectNoTrace('list', list);
  });

  it('the author, admins, and for space stories the host and moderators still see who wrote it', async () => {
    const expectAuthor = async (who: RegisteredUser, story: Story) => {
      const res = await get(who, `/api/stories/${story.id}`).expect(200);
      expect(res.body.author).toEqual({ id: anon.user.id, username: anon.user.username, displayName: anon.user.displayName ?? null, nameLookalike: false });
      const listed = (await listAll(who)).find((i) => i.id === story.id);
      expect(listed?.author?.id).toBe(anon.user.id);
    };
    for (const story of Object.values(s)) await expectAuthor(anon, story);
    await expectAuthor(admin, s.public);
    await expectAuthor(admin, s.members);
    await expectAuthor(host, s.space);
    await expectAuthor(moderator, s.space);
    // The keepers see who commented under the story, too.
    const comments = await get(host, `/api/stories/${s.space.id}/comments`).expect(200);
    expect(comments.body.items[0].author).toMatchObject({ id: anon.user.id });
  });
});

describe('handbook consent', () => {
  let writer: RegisteredUser;
  beforeAll(async () => {
    writer = await registerUser(api.url);
  });
  const history = async (id: string) =>
    (await api.sql<{ handbook: boolean }>(`SELECT handbook FROM story_consents WHERE story_id = $1 ORDER BY created_at, id`, [id])).map((r) => r.handbook);

  it('only programme staff and admins may list the handbook (403 otherwise)', async () => {
    expectProblem(await get(reader, '/api/stories?handbook=true'), 403, 'FORBIDDEN');
    expectProblem(await get(null, '/api/stories?handbook=true'), 403, 'FORBIDDEN');
    await get(staff, '/api/stories?handbook=true').expect(200);
    await get(admin, '/api/stories?handbook=true').expect(200);
  });

  it('lists only stories with consent; withdrawing takes it out at once; every change is kept', async () => {
    const yes = await create(writer, { title: 'quote me', consent: { handbook: true } });
    const no = await create(writer, { title: 'do not quote me' });
    expect(yes.consent).toEqual({ handbook: true, updatedAt: expect.any(String) });
    expect(no.consent.handbook).toBe(false);

    const handbook = await listAll(staff, '&handbook=true');
    expect(handbook.every((i) => i.consent.handbook === true)).toBe(true);
    expect(handbook.map((i) => i.id)).toContain(yes.id);
    expect(handbook.map((i) => i.id)).not.toContain(no.id);
    expect((await listAll(admin, '&handbook=true')).map((i) => i.id)).toContain(yes.id);

    await new Promise((r) => setTimeout(r, 5));
    const withdrawn = await writer.agent.patch(`/api/stories/${yes.id}`).send({ consent: { handbook: false } }).expect(200);
    expect(withdrawn.body.consent.handbook).toBe(false);
    expect(Date.parse(withdrawn.body.consent.updatedAt)).toBeGreaterThan(Date.parse(yes.consent.updatedAt));
    expect((await listAll(staff, '&handbook=true')).map((i) => i.id)).not.toContain(yes.id);
    // Still readable as a story.
    await get(reader, `/api/stories/${yes.id}`).expect(200);

    const given = await writer.agent.patch(`/api/stories/${no.id}`).send({ consent: { handbook: true } }).expect(200);
    expect(given.body.consent.handbook).toBe(true);
    expect((await listAll(staff, '&handbook=true')).map((i) => i.id)).toContain(no.id);

    await writer.agent.patch(`/api/stories/${yes.id}`).send({ consent: { handbook: true } }).expect(200);
    expect(await history(yes.id)).toEqual([true, false, true]);
    expect(await history(no.id)).toEqual([false, true]);
  });

  it('nobody but the author changes consent', async () => {
    const story = await create(writer, { title: 'mine to decide', consent: { handbook: true } });
    for (const who of [reader, admin, staff]) {
      expectProblem(await who.agent.patch(`/api/stories/${story.id}`).send({ consent: { handbook: false } }), 403, 'NOT_YOUR_STORY');
    }
    expect(await history(story.id)).toEqual([true]);
    expectFieldError(await writer.agent.patch(`/api/stories/${story.id}`).send({ consent: { handbook: 'yes' } }), 'consent.handbook');
    expectFieldError(await writer.agent.patch(`/api/stories/${story.id}`).send({ consent: { handbook: true, press: true } }), 'consent.press');
    expect(await history(story.id)).toEqual([true]);
  });
});

describe('edits, unpublishing and deleting', () => {
  let writer: RegisteredUser;
  beforeAll(async () => {
    writer = await registerUser(api.url);
  });

  it('changing the words of a published story sets editedAt; other changes do not', async () => {
    const story = await create(writer);
    expect(story.editedAt).toBeNull();
    const retagged = await writer.agent.patch(`/api/stories/${story.id}`).send({ topics: ['housing'] }).expect(200);
    expect(retagged.body).toMatchObject({ topics: ['housing'], editedAt: null });

    const edited = await writer.agent.patch(`/api/stories/${story.id}`).send({ content: doc('Rewritten.') }).expect(200);
    expect(edited.body.editedAt).toEqual(expect.any(String));
    expect(edited.body.html).toBe('<p>Rewritten.</p>');
    expect((await get(reader, `/api/stories/${story.id}`).expect(200)).body).toMatchObject({ html: '<p>Rewritten.</p>', editedAt: edited.body.editedAt });

    await new Promise((r) => setTimeout(r, 5));
    const retitled = await writer.agent.patch(`/api/stories/${story.id}`).send({ title: 'A new title' }).expect(200);
    expect(Date.parse(retitled.body.editedAt)).toBeGreaterThan(Date.parse(edited.body.editedAt));
    expect(retitled.body.publishedAt).toBe(story.publishedAt);
  });

  it('editing a draft is not an edit; publishing stamps publishedAt', async () => {
    const draft = await create(writer, { status: 'draft' });
    expect(draft).toMatchObject({ status: 'draft', publishedAt: null, editedAt: null });
    await writer.agent.patch(`/api/stories/${draft.id}`).send({ content: doc('Second try.') }).expect(200);
    const published = await writer.agent.patch(`/api/stories/${draft.id}`).send({ status: 'published' }).expect(200);
    expect(published.body).toMatchObject({ status: 'published', publishedAt: expect.any(String), editedAt: null, html: '<p>Second try.</p>' });
    await get(reader, `/api/stories/${draft.id}`).expect(200);
  });

  it('unpublishing hides it from readers (404) but not from the author; re-publishing keeps its date', async () => {
    const story = await create(writer, { title: 'for a while' });
    await get(reader, `/api/stories/${story.id}`).expect(200);
    const unpublished = await writer.agent.patch(`/api/stories/${story.id}`).send({ status: 'draft' }).expect(200);
    expect(unpublished.body.status).toBe('draft');
    expectProblem(await get(reader, `/api/stories/${story.id}`), 404, 'STORY_NOT_FOUND');
    expectProblem(await get(null, `/api/stories/${story.id}`), 404, 'STORY_NOT_FOUND');
    expectProblem(await get(admin, `/api/stories/${story.id}`), 404, 'STORY_NOT_FOUND');
    expect((await listAll(reader)).map((i) => i.id)).not.toContain(story.id);
    expect((await get(writer, `/api/stories/${story.id}`).expect(200)).body.status).toBe('draft');
    const again = await writer.agent.patch(`/api/stories/${story.id}`).send({ status: 'published' }).expect(200);
    expect(again.body.publishedAt).toBe(story.publishedAt);
  });

  it('only the author edits or deletes: 403 NOT_YOUR_STORY for readers, 401 for visitors', async () => {
    const story = await create(writer, { title: 'stays as written' });
    for (const who of [reader, admin]) {
      expectProblem(await who.agent.patch(`/api/stories/${story.id}`).send({ title: 'vandalised' }), 403, 'NOT_YOUR_STORY');
      expectProblem(await who.agent.delete(`/api/stories/${story.id}`), 403, 'NOT_YOUR_STORY');
    }
    expectProblem(await request(api.url).patch(`/api/stories/${story.id}`).send({ title: 'x' }), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).delete(`/api/stories/${story.id}`), 401, 'UNAUTHENTICATED');
    expect((await get(reader, `/api/stories/${story.id}`).expect(200)).body.title).toBe('stays as written');
  });

  it('deleting answers 404 to everyone afterwards, the author included', async () => {
    const story = await create(writer, { title: 'gone soon' });
    await writer.agent.delete(`/api/stories/${story.id}`).expect(204);
    for (const who of [writer, reader, admin, null] as Who[]) {
      expectProblem(await get(who, `/api/stories/${story.id}`), 404, 'STORY_NOT_FOUND');
      expectProblem(await get(who, `/api/stories/${story.id}/comments`), 404, 'STORY_NOT_FOUND');
    }
    expect((await listAll(writer, '&mine=true')).map((i) => i.id)).not.toContain(story.id);
    expect((await listAll(reader)).map((i) => i.id)).not.toContain(story.id);
    expectProblem(await writer.agent.patch(`/api/stories/${story.id}`).send({ title: 'back' }), 404, 'STORY_NOT_FOUND');
    expectProblem(await writer.agent.delete(`/api/stories/${story.id}`), 404, 'STORY_NOT_FOUND');
    expectProblem(await reader.agent.post(`/api/stories/${story.id}/reactions`).send({ kind: 'thanks' }), 404, 'STORY_NOT_FOUND');
  });
});
