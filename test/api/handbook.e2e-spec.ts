import zlib from 'node:zlib';
import JSZip from 'jszip';
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { createOrganization } from '../support/directory.js';
import { expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * The handbook, as an NGO uses it: only consented, published stories can be picked; an author who
 * takes consent back leaves every unpublished edition at once and the editors hear of it; freezing
 * asks every author once more, and the publish sweep (every second here) goes ahead with those who
 * did not say no. The files (EPUB, DOCX, PDF) are public once published and never name an
 * anonymous author, not even in metadata.
 */
const env = { HANDBOOK_SWEEP_SECONDS: '1' };
const DAY = 86_400_000;
const doc = (...parts: unknown[]) => ({ type: 'doc', content: parts });
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const t = (text: string, ...marks: string[]) => ({ type: 'text', text, ...(marks.length && { marks: marks.map((type) => ({ type })) }) });
const RICH = doc(
  { type: 'heading', attrs: { level: 2 }, content: [t('The first night')] },
  p(t('Plain, '), t('bold', 'bold'), t(' and '), t('italic', 'italic'), t(' with '), { type: 'text', text: 'a link', marks: [{ type: 'link', attrs: { href: 'https://example.org/help' } }] }),
  { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('a bed'))] }, { type: 'listItem', content: [p(t('a friend'))] }] },
);

let api: TestApi;
let staff: RegisteredUser;
let org: { id: string };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(check: () => Promise<T | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await sleep(250);
  }
  throw new Error(`timed out; the API said:\n${api.output().slice(-4000)}`);
}

async function notes(who: RegisteredUser, kind: string) {
  const res = await who.agent.get('/api/me/notifications').expect(200);
  return (res.body.items as { kind: string; data: Record<string, string> }[]).filter((n) => n.kind === kind);
}

async function story(author: RegisteredUser, title: string, extra: Record<string, unknown> = {}) {
  const res = await author.agent
    .post('/api/stories')
    .send({ title, content: RICH, contentWarnings: ['eviction'], visibility: 'public', language: 'en', status: 'published', consent: { handbook: true }, ...extra })
    .expect(201);
  return res.body as { id: string; title: string };
}

async function unzip(body: Buffer): Promise<{ names: string[]; text: string; files: Record<string, string> }> {
  const zip = await JSZip.loadAsync(body);
  const names = Object.keys(zip.files);
  const files: Record<string, string> = {};
  for (const name of names) if (!zip.files[name].dir) files[name] = await zip.files[name].async('string');
  return { names, text: Object.values(files).join('\n'), files };
}

/** Every stream of the PDF, inflated where compressed, with the raw bytes: where any text could hide. */
function pdfText(body: Buffer): string {
  const raw = body.toString('latin1');
  const parts = [raw];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      parts.push(zlib.inflateSync(body.subarray(start, end)).toString('latin1'));
    } catch {
      // not a deflated stream
    }
  }
  return parts.join('\n');
}

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
const download = async (editionId: string, format: string) =>
  (await request(api.url).get(`/api/handbook/editions/${editionId}/download/${format}`).buffer(true).parse(binary).expect(200)).body as Buffer;

beforeAll(async () => {
  api = await startApi({ env });
  staff = await registerUser(api.url, { displayName: 'Editor Erzsi' });
  org = await createOrganization(staff);
});
afterAll(() => api?.stop());

describe('a handbook edition from consented stories', () => {
  let authors: RegisteredUser[];
  let hidden: RegisteredUser;
  let stories: { id: string; title: string }[];
  let unconsented: { id: string };
  let editionId: string;
  let chapters: { id: string }[];

  beforeAll(async () => {
    authors = await Promise.all(Array.from({ length: 6 }, (_, i) => registerUser(api.url, { displayName: `Writer ${i}` })));
    // The anonymous author: their username and display name must appear nowhere in any file.
    hidden = authors[0];
    stories = [];
    for (const [i, a] of authors.entries()) stories.push(await story(a, `Story ${i}`, i === 0 ? { anonymous: true } : {}));
    const other = await registerUser(api.url);
    unconsented = await story(other, 'Not for the book', { consent: { handbook: false } });
  });

  it('offers only consented stories and refuses the others by name', async () => {
    const edition = (
      await staff.agent
        .post('/api/handbook/editions')
        .send({ organizationId: org.id, title: 'Peer support is the best support', languages: ['en', 'hu'], introduction: 'Why we wrote this.\n\nAnd who for.' })
        .expect(201)
    ).body;
    editionId = edition.id;
    expect(edition).toMatchObject({ status: 'draft', licence: 'CC-BY-SA-4.0', canEdit: true });
    expect(edition.introductionHtml).toContain('<p>And who for.</p>');
    await staff.agent.post(`/api/handbook/editions/${editionId}/chapters`).send({ title: 'Arriving' }).expect(201);
    chapters = (await staff.agent.post(`/api/handbook/editions/${editionId}/chapters`).send({ title: 'Staying' }).expect(201)).body.chapters;
    expect(chapters).toHaveLength(2);

    const candidates = (await staff.agent.get(`/api/handbook/editions/${editionId}/candidates`).expect(200)).body.items as { id: string; contributor: string | null }[];
    expect(candidates.map((c) => c.id).sort()).toEqual(stories.map((s) => s.id).sort());
    expect(candidates.find((c) => c.id === stories[0].id)?.contributor).toBeNull();

    const refused = await staff.agent.post(`/api/handbook/editions/${editionId}/chapters/${chapters[0].id}/entries`).send({ storyId: unconsented.id });
    expectProblem(refused, 422, 'HANDBOOK_STORY_NOT_ELIGIBLE');
    expect(refused.body.errors[0].path).toBe('storyId');
    // Someone who is not staff of the organisation sees no edition at all.
    expectProblem(await authors[1].agent.get(`/api/handbook/editions/${editionId}`), 404, 'EDITION_NOT_FOUND');
    expectProblem(await request(api.url).get(`/api/handbook/editions/${editionId}/download/epub`), 404, 'EDITION_NOT_FOUND');

    for (const [i, s] of stories.entries()) {
      await staff.agent.post(`/api/handbook/editions/${editionId}/chapters/${chapters[i % 2].id}/entries`).send({ storyId: s.id }).expect(201);
    }
    // Order: the second chapter first, and within it the last story first.
    const moved = (await staff.agent.post(`/api/handbook/editions/${editionId}/chapters/${chapters[1].id}/move`).send({ direction: 'up' }).expect(200)).body;
    expect(moved.chapters.map((c: { id: string }) => c.id)).toEqual([chapters[1].id, chapters[0].id]);
    const last = moved.chapters[0].entries.at(-1);
    const reordered = (await staff.agent.post(`/api/handbook/editions/${editionId}/entries/${last.id}/move`).send({ direction: 'up' }).expect(200)).body;
    expect(reordered.chapters[0].entries.map((e: { title: string }) => e.title)).toEqual(['Story 1', 'Story 5', 'Story 3']);
  });

  it('takes a story out at once when its author withdraws consent, tells the editors, and refuses it back by name', async () => {
    await authors[5].agent.patch(`/api/stories/${stories[5].id}`).send({ consent: { handbook: false } }).expect(200);
    const edition = (await staff.agent.get(`/api/handbook/editions/${editionId}`).expect(200)).body;
    const titles = edition.chapters.flatMap((c: { entries: { title: string }[] }) => c.entries.map((e) => e.title));
    expect(titles).not.toContain('Story 5');
    expect(titles).toHaveLength(5);
    expect(edition.withdrawn).toEqual([{ storyId: stories[5].id, title: 'Story 5' }]);
    const told = await notes(staff, 'handbook.withdrawn');
    expect(told).toHaveLength(1);
    expect(told[0].data).toMatchObject({ editionId, storyTitle: 'Story 5' });

    const again = await staff.agent.post(`/api/handbook/editions/${editionId}/chapters/${chapters[0].id}/entries`).send({ storyId: stories[5].id });
    expectProblem(again, 409, 'HANDBOOK_STORY_WITHDRAWN');
    expect(again.body.detail).toContain('Story 5');
    expect(again.body.errors[0].path).toBe('storyId');
  });

  it('freezes only with 14 days for authors to say no, and asks each of the five once more', async () => {
    const tooSoon = await staff.agent.post(`/api/handbook/editions/${editionId}/freeze`).send({ publishAt: new Date(Date.now() + 13 * DAY).toISOString() });
    expectProblem(tooSoon, 422, 'VALIDATION_FAILED');
    expect(tooSoon.body.errors[0].path).toBe('publishAt');
    expect((await staff.agent.get(`/api/handbook/editions/${editionId}`).expect(200)).body.status).toBe('draft');

    const publishAt = new Date(Date.now() + 15 * DAY).toISOString();
    const frozen = (await staff.agent.post(`/api/handbook/editions/${editionId}/freeze`).send({ publishAt }).expect(200)).body;
    expect(frozen).toMatchObject({ status: 'frozen', publishAt, canEdit: false });
    for (const a of authors.slice(0, 5)) {
      const asked = await notes(a, 'handbook.scheduled');
      expect(asked).toHaveLength(1);
      expect(asked[0].data).toMatchObject({ editionId, title: 'Peer support is the best support', publishAt });
    }
    expect(await notes(authors[5], 'handbook.scheduled')).toHaveLength(0);
    expectProblem(await staff.agent.post(`/api/handbook/editions/${editionId}/chapters`).send({ title: 'Late' }), 409, 'EDITION_NOT_EDITABLE');
    // Not published yet: still nothing public.
    expectProblem(await request(api.url).get(`/api/handbook/editions/${editionId}`), 404, 'EDITION_NOT_FOUND');
  });

  it('publishes at the date with those who did not withdraw in the window', async () => {
    const mine = (await authors[4].agent.get('/api/me/handbook').expect(200)).body.items;
    expect(mine).toEqual([expect.objectContaining({ editionId, storyId: stories[4].id, status: 'frozen', withdrawn: false })]);
    const after = (await authors[4].agent.post(`/api/handbook/editions/${editionId}/withdraw`).send({ storyId: stories[4].id }).expect(200)).body.items;
    expect(after[0].withdrawn).toBe(true);
    // Someone else's story cannot be withdrawn by them.
    expectProblem(await authors[3].agent.post(`/api/handbook/editions/${editionId}/withdraw`).send({ storyId: stories[1].id }), 404, 'EDITION_NOT_FOUND');
    expect((await notes(staff, 'handbook.withdrawn')).map((n) => n.data.storyTitle).sort()).toEqual(['Story 4', 'Story 5']);

    await api.sql(`UPDATE handbook_editions SET publish_at = now() - interval '1 second' WHERE id = $1`, [editionId]);
    const published = await waitFor(async () => {
      const res = await request(api.url).get(`/api/handbook/editions/${editionId}`);
      return res.status === 200 && res.body.status === 'published' ? res.body : null;
    });
    const titles = published.chapters.flatMap((c: { entries: { title: string }[] }) => c.entries.map((e) => e.title)).sort();
    expect(titles).toEqual(['Story 0', 'Story 1', 'Story 2', 'Story 3']);
    expect(published.withdrawn).toEqual([]);
    expect((await notes(authors[1], 'handbook.published'))[0].data).toMatchObject({ editionId });
    // Published editions never change, and the author's later edits do not reach them.
    await authors[1].agent.patch(`/api/stories/${stories[1].id}`).send({ title: 'Renamed later' }).expect(200);
    const still = (await request(api.url).get(`/api/handbook/editions/${editionId}`).expect(200)).body;
    expect(still.chapters.flatMap((c: { entries: { title: string }[] }) => c.entries.map((e) => e.title))).toContain('Story 1');
    expectProblem(await authors[1].agent.post(`/api/handbook/editions/${editionId}/withdraw`).send({ storyId: stories[1].id }), 404, 'EDITION_NOT_FOUND');
  });

  it('lists the published edition publicly, without sign-in', async () => {
    const list = (await request(api.url).get('/api/handbook/editions').expect(200)).body;
    expect(list.items).toEqual([expect.objectContaining({ id: editionId, status: 'published', storyCount: 4 })]);
  });

  it('gives a valid EPUB with licence, contributors and contents, and no trace of the anonymous author', async () => {
    const body = await download(editionId, 'epub');
    // mimetype first and stored, as EPUB readers require.
    expect(body.subarray(30, 38).toString()).toBe('mimetype');
    expect(body.readUInt16LE(8)).toBe(0);
    const { names, text, files } = await unzip(body);
    expect(names[0]).toBe('mimetype');
    expect(files.mimetype).toBe('application/epub+zip');
    expect(files['META-INF/container.xml']).toContain('full-path="OEBPS/content.opf"');
    const opf = files['OEBPS/content.opf'];
    expect(opf).toContain('<dc:title>Peer support is the best support</dc:title>');
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toContain('properties="nav"');
    expect(opf).toContain('creativecommons.org/licenses/by-sa/4.0');
    const nav = files['OEBPS/toc.xhtml'];
    for (const title of ['Story 0', 'Story 1', 'Story 2', 'Story 3', 'Introduction']) expect(nav).toContain(title);
    expect(text).not.toContain('Story 4');
    expect(text).toContain('Writer 1');
    expect(text).toContain('Anonymous');
    expect(text).toContain('<strong>bold</strong>');
    expect(text).toContain('href="https://example.org/help"');
    expect(text).toContain('Eviction');
    expect(text).not.toContain(hidden.user.username);
    expect(text).not.toContain('Writer 0');
  });

  it('gives a DOCX and a PDF with the same words, and no trace of the anonymous author', async () => {
    const docx = await unzip(await download(editionId, 'docx'));
    const xml = docx.files['word/document.xml'];
    expect(xml).toContain('Peer support is the best support');
    expect(xml).toContain('Writer 1');
    expect(xml).toContain('Anonymous');
    expect(xml).toContain('https://creativecommons.org/licenses/by-sa/4.0/');
    expect(xml).toContain('TOC \\h \\o');
    expect(docx.text).toContain('https://example.org/help');
    expect(docx.text).not.toContain(hidden.user.username);
    expect(docx.text).not.toContain('Writer 0');

    const pdf = await download(editionId, 'pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const inside = pdfText(pdf);
    expect(inside).not.toContain(hidden.user.username);
    expect(inside).not.toContain('Writer 0');
    expect(inside).not.toContain(Buffer.from(hidden.user.username, 'utf16le').swap16().toString('latin1'));
  });

  it('front matter follows the edition language', async () => {
    const preview = (await request(api.url).get(`/api/handbook/editions/${editionId}/preview`).expect(200)).body;
    expect(preview.words.contents).toBe('Contents');
    expect(preview.contributors).toEqual(['Writer 1', 'Writer 2', 'Writer 3', 'Anonymous']);
    expect(JSON.stringify(preview)).not.toContain(hidden.user.username);
  });
});

describe('deleting an account', () => {
  it('takes the story out of unpublished editions; published ones keep it as "a former member"', async () => {
    const [leaver, keeper] = await Promise.all([registerUser(api.url, { displayName: 'Leaving Lea' }), registerUser(api.url, { displayName: 'Keeping Kai' })]);
    const s1 = await story(leaver, 'Lea story');
    const s2 = await story(keeper, 'Kai story');
    const make = async (title: string) => {
      const e = (await staff.agent.post('/api/handbook/editions').send({ organizationId: org.id, title, languages: ['hu'], licence: 'CC0-1.0' }).expect(201)).body;
      const c = (await staff.agent.post(`/api/handbook/editions/${e.id}/chapters`).send({ title: 'Egy' }).expect(201)).body.chapters[0];
      for (const s of [s1, s2]) await staff.agent.post(`/api/handbook/editions/${e.id}/chapters/${c.id}/entries`).send({ storyId: s.id }).expect(201);
      return e.id as string;
    };
    const draft = await make('Draft edition');
    const out = await make('Published edition');
    await staff.agent.post(`/api/handbook/editions/${out}/freeze`).send({ publishAt: new Date(Date.now() + 15 * DAY).toISOString() }).expect(200);
    await api.sql(`UPDATE handbook_editions SET publish_at = now() - interval '1 second' WHERE id = $1`, [out]);
    await waitFor(async () => (await request(api.url).get(`/api/handbook/editions/${out}`)).status === 200);

    await leaver.agent.delete('/api/me').send({ password: leaver.password, contributions: 'anonymise' }).expect(204);
    const d = (await staff.agent.get(`/api/handbook/editions/${draft}`).expect(200)).body;
    expect(d.chapters[0].entries.map((e: { title: string }) => e.title)).toEqual(['Kai story']);
    const preview = (await request(api.url).get(`/api/handbook/editions/${out}/preview`).expect(200)).body;
    expect(preview.words.contents).toBe('Tartalom');
    expect(preview.contributors).toEqual(['Egykori tag', 'Keeping Kai']);
    expect(preview.chapters[0].stories.map((s: { title: string }) => s.title)).toEqual(['Lea story', 'Kai story']);
    expect(JSON.stringify(preview)).not.toContain('Leaving Lea');
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM handbook_entries WHERE author_id = $1`, [leaver.user.id]);
    expect(n).toBe(0);
  });
});
