/**
 * The typo dictionary (search_words) holds only words some document still holds, and a misspelt
 * word stands in only for words of documents the asker may read:
 * - a word of deleted content is pruned by the periodic sweep and no longer corrects a typo;
 * - a deleted account's words (contributions removed) are pruned at once;
 * - words only a private space holds never take the place of a readable word a typo should find.
 */
import { randomUUID } from 'node:crypto';
import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { sleep } from '../support/sockets.js';
import { searchIndexSettled } from '../support/search.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

/** A made-up word of eleven letters no other test writes (letters only, as search_words keeps them). */
function freshWord(): string {
  const consonants = 'bdfgklmnprstvz';
  const vowels = 'aeiou';
  let w = 'kv';
  for (let i = 0; i < 9; i++) w += (i % 2 ? consonants : vowels)[Math.floor(Math.random() * (i % 2 ? consonants.length : vowels.length))];
  return w;
}
/** The word with its third and fourth letters swapped: a typo its own prefix no longer matches. */
const misspelt = (w: string) => w.slice(0, 2) + w[3] + w[2] + w.slice(4);
const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

async function publicStory(who: RegisteredUser, word: string): Promise<Json> {
  const res = await who.agent.post('/api/stories').send({ title: `A story about ${word}`, content: doc(`Where ${word} helped us.`), contentWarnings: [], visibility: 'public', language: 'en', status: 'published', anonymous: false });
  expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({ status: 201, body: null });
  return res.body;
}
async function storyIdsFound(who: RegisteredUser, query: string): Promise<string[]> {
  const res = await who.agent.get(`/api/search?q=${encodeURIComponent(query)}&limit=50`).expect(200);
  return res.body.items.filter((h: Json) => h.type === 'story').map((h: Json) => h.id);
}
/** The dictionary's words near a typo, as the search's typo lookup asks (pg_trgm `%`). */
const nearWords = async (api: TestApi, typo: string) =>
  (await api.sql<{ word: string }>(`SELECT word FROM search_words WHERE word % search_fold($1::text) ORDER BY word`, [typo])).map((r) => r.word);
const inDictionary = async (api: TestApi, word: string) => (await api.sql(`SELECT 1 FROM search_words WHERE word = $1`, [word])).length === 1;

describe('the typo dictionary, swept', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ env: { SEARCH_WORDS_SWEEP_SECONDS: '1' } });
  });
  afterAll(() => api?.stop());

  it('a word of deleted content is pruned by the sweep and no longer corrects a typo; a word still in use stays', async () => {
    const author = await registerUser(api.url);
    const [gone, kept] = [freshWord(), freshWord()];
    const story = await publicStory(author, gone);
    await publicStory(author, kept);
    expect(await nearWords(api, misspelt(gone))).toContain(gone);
    expect(await storyIdsFound(author, misspelt(gone))).toContain(story.id);

    await author.agent.delete(`/api/stories/${story.id}`).expect(204);
    const end = Date.now() + 60_000;
    while ((await inDictionary(api, gone)) && Date.now() < end) await sleep(250);
    expect(await nearWords(api, misspelt(gone))).not.toContain(gone);
    expect(await storyIdsFound(author, misspelt(gone))).toEqual([]);
    // The sweep has been over the whole dictionary by now: the word still written somewhere stays.
    expect(await inDictionary(api, kept)).toBe(true);
    expect((await storyIdsFound(author, misspelt(kept))).length).toBe(1);
  });
});

describe('the typo dictionary, without the sweep', () => {
  let api: TestApi;
  beforeAll(async () => {
    // No periodic sweep here: what is pruned is pruned by the account deletion itself.
    api = await startApi({ env: { SEARCH_WORDS_SWEEP_SECONDS: '0' } });
  });
  afterAll(() => api?.stop());

  it("a deleted account's words leave the dictionary at once, unless someone else's text holds them", async () => {
    const [leaver, other] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const [own, shared] = [freshWord(), freshWord()];
    const space = (await leaver.agent.post('/api/spaces').send({ name: 'Leaving soon', description: 'words', visibility: 'public' }).expect(201)).body;
    await leaver.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body: `${own} and ${shared}` }).expect(201);
    await publicStory(leaver, own);
    await publicStory(other, shared);
    expect(await inDictionary(api, own)).toBe(true);

    await leaver.agent.delete('/api/me').send({ password: leaver.password, contributions: 'remove' }).expect(204);
    expect(await inDictionary(api, own)).toBe(false);
    expect(await nearWords(api, misspelt(own))).not.toContain(own);
    expect(await inDictionary(api, shared)).toBe(true);
  });

  it('words only a private space holds never stand in for a readable word a typo should find', async () => {
    const [host, outsider] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const word = freshWord();
    const typo = misspelt(word);
    // Five private words nearer the typo than the readable one (the typo itself, and it plus a letter):
    // as many as a typo is searched by.
    const secret = [typo, ...['a', 'e', 'i', 'o'].map((s) => typo + s)];
    const space = (await host.agent.post('/api/spaces').send({ name: 'Closed circle', description: 'private words', visibility: 'private' }).expect(201)).body;
    for (const w of secret) await host.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body: `${w} tonight` }).expect(201);
    const story = await publicStory(host, word);
    // Messages join the index (and their words the dictionary) a moment after their send.
    await searchIndexSettled(api);
    const near = await nearWords(api, typo);
    for (const w of [...secret, word]) expect(near).toContain(w);

    // The outsider's typo finds the story they may read, and nothing of the private space.
    const found = (await outsider.agent.get(`/api/search?q=${typo}&limit=50`).expect(200)).body.items as Json[];
    expect(found.map((h) => h.id)).toEqual([story.id]);
    // The member finds the private messages by the same typo (the words are real and searchable).
    const member = (await host.agent.get(`/api/search?q=${typo}&limit=50&type=message`).expect(200)).body.items as Json[];
    expect(member.length).toBe(secret.length);
  });
});
