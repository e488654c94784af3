/**
 * The Meilisearch adapter against a local HTTP stand-in (no Meilisearch server exists here):
 * writes reach the outbox in their own transaction, the relay sends current documents with their
 * permission fields and deletes what is gone, retries after a failure, and every search carries a
 * filter built from the caller's memberships and blocks. Health names the engine and the lag.
 */
import { randomUUID } from 'node:crypto';
import { startApi, type TestApi } from '../support/api-server.js';
import { startMeiliStandIn } from '../support/meili-standin.js';
import { sleep } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { createOrganization, resourceBody } from '../support/directory.js';

let api: TestApi;
let meili: Awaited<ReturnType<typeof startMeiliStandIn>>;
let author: RegisteredUser;
let reader: RegisteredUser;
const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

async function until<T>(check: () => Promise<T | undefined> | T | undefined, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${api.output().slice(-2000)}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  meili = await startMeiliStandIn();
  api = await startApi({ env: { MEILI_URL: meili.url, MEILI_KEY: 'test-key', SEARCH_RELAY_INTERVAL_MS: '100' } });
  [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
}, 120_000);
afterAll(async () => {
  await api?.stop();
  await meili?.stop();
});

describe('Meilisearch adapter', () => {
  it('reports the engine and the outbox lag in health', async () => {
    const res = await reader.agent.get('/api/health').expect(200);
    expect(res.body).toMatchObject({ search: 'meilisearch', searchOutbox: { pending: expect.any(Number), lagSeconds: expect.any(Number) } });
  });

  it('sends a new story with its permission fields, then its changes, then its deletion', async () => {
    const story = (await author.agent.post('/api/stories').send({ title: 'Szállás', content: doc('Подршка'), contentWarnings: [], visibility: 'members', language: 'hu', status: 'published' }).expect(201)).body;
    const key = `story-${story.id}`;
    const sent = await until(() => meili.documents.get(key), 'the story document');
    expect(sent).toMatchObject({ type: 'story', id: story.id, visibility: 'members', authorId: author.user.id, moderation: 'visible', status: 'published', language: 'hu', folded: 'szallas podrska' });
    await api.sql(`UPDATE stories SET moderation_state = 'hidden' WHERE id = $1`, [story.id]);
    await until(() => meili.documents.get(key)?.moderation === 'hidden', 'the moderation change');
    await author.agent.delete(`/api/stories/${story.id}`).expect(204);
    await until(() => !meili.documents.has(key), 'the deletion');
    await until(async () => (await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM search_outbox`))[0].n === 0, 'an empty outbox');
  });

  it('keeps changes in the outbox while the engine is down and sends them when it is back', async () => {
    meili.setFailing(true);
    const space = (await author.agent.post('/api/spaces').send({ name: 'Outbox circle', description: 'Waiting', visibility: 'private' }).expect(201)).body;
    await until(async () => (await api.sql<{ attempts: number }>(`SELECT attempts FROM search_outbox WHERE doc_id = $1`, [space.id]))[0]?.attempts, 'a failed attempt');
    const health = (await reader.agent.get('/api/health').expect(200)).body;
    expect(health.searchOutbox.pending).toBeGreaterThan(0);
    meili.setFailing(false);
    await api.sql(`UPDATE search_outbox SET available_at = now()`); // skip the back-off wait
    const sent = await until(() => meili.documents.get(`space-${space.id}`), 'the space after recovery');
    expect(sent).toMatchObject({ visibility: 'private', spaceId: space.id });
  });

  it('a chat message writes its own document only; renaming the space rewrites the space\'s', async () => {
    const space = (await author.agent.post('/api/spaces').send({ name: 'Quiet corner', description: 'Tea', visibility: 'public' }).expect(201)).body;
    const spaceDoc = async () => (await api.sql<{ xmin: string; title: string }>(`SELECT xmin::text, title FROM search_documents WHERE type = 'space' AND id = $1`, [space.id]))[0];
    const before = await spaceDoc();
    // Each message takes its space's next number (an UPDATE of the space row): that is not new text.
    const message = (await author.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body: 'Kettle is on' }).expect(201)).body.message;
    await until(() => meili.documents.get(`message-${message.id}`), 'the message document');
    expect(await spaceDoc()).toEqual(before);
    await author.agent.patch(`/api/spaces/${space.id}`).send({ name: 'Loud corner' }).expect(200);
    expect((await spaceDoc())?.title).toBe('Loud corner');
    await until(() => meili.documents.get(`space-${space.id}`)?.title === 'Loud corner', 'the renamed space');
  });

  it('sends every search with a filter from the caller\'s memberships and blocks, and maps the hits', async () => {
    const space = (await author.agent.post('/api/spaces').send({ name: 'Filter circle', description: '', visibility: 'public' }).expect(201)).body;
    await reader.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
    await reader.agent.post(`/api/users/${author.user.id}/block`).expect(204);
    const id = randomUUID();
    meili.setSearchHits([{ key: `story-${id}`, type: 'story', id, spaceId: null, parentId: null, language: 'hu', title: 'Szállás', body: 'Találtam szállást', notes: [], createdAtIso: '2026-11-01T10:00:00.000Z', spaceSlug: null, spaceName: null, storyTitle: null }]);
    const res = await reader.agent.get('/api/search?q=Szállást подршка&type=story').expect(200);
    expect(res.body).toMatchObject({ engine: 'meilisearch', items: [{ type: 'story', id, url: `/stories/${id}`, snippet: 'Találtam <mark>szállást</mark>' }], counts: { story: 1 } });
    const call = meili.calls.filter((c) => c.path === '/multi-search').at(-1)!;
    const [page] = (call.body as { queries: { q: string; filter: string[] }[] }).queries;
    expect(page.q).toBe('szallast podrska');
    const filter = page.filter.join(' AND ');
    expect(filter).toContain(`spaceId IN ["${space.id}"]`);
    expect(filter).toContain(`authorId NOT IN ["${author.user.id}"]`);
    expect(filter).toContain('type IN ["story"]');
  });

  it('sends organisations and listed resources without a confidential place, and removes a resource that closes', async () => {
    const org = await createOrganization(author, 'Kralji ulice');
    const resource = (await author.agent.post('/api/resources').send({
      ...resourceBody(org.id, { name: 'Zavetišče', description: 'Topel obrok' }),
      locations: [
        resourceBody(org.id, {}, { address: 'Skrita ulica 9', postalCode: '1099', city: 'Skritograd', lat: 46.05, lng: 14.5, confidential: true }).locations[0],
        resourceBody(org.id, {}, { city: 'Maribor' }).locations[0],
      ],
    }).expect(201)).body;
    const sentOrg = await until(() => meili.documents.get(`organization-${org.id}`), 'the organisation document');
    expect(sentOrg).toMatchObject({ type: 'organization', title: 'Kralji ulice', visibility: 'public' });
    const key = `resource-${resource.id}`;
    const sent = await until(() => meili.documents.get(key), 'the resource document');
    expect(sent).toMatchObject({ type: 'resource', title: 'Zavetišče', visibility: 'public', moderation: 'visible', status: 'active', parentId: org.id });
    expect(sent.body).toContain('Maribor');
    // Whole words and numbers only: the document's own time ("…T23:46:14.523Z") may hold "14.5" or "46.05".
    for (const secret of ['Skrita', '1099', 'Skritograd', '46.05', '14.5']) {
      expect(JSON.stringify(sent)).not.toMatch(new RegExp(`(?<![\\w.])${secret.replace('.', '\\.')}(?![\\w.])`));
    }
    await api.sql(`UPDATE resources SET status = 'inactive' WHERE id = $1`, [resource.id]);
    await until(() => !meili.documents.has(key), 'the closed resource leaving the index');
  });
});
