/**
 * Search finds only what the caller may read at that moment. Random memberships, blocks,
 * moderation states, drafts, anonymous and covered stories; every hit for every viewer and query
 * is fetched again through the REST route that guards it, as that viewer, and must be readable
 * there. Messages are compared both ways with the space's history. A removed member stops
 * finding a space's messages at once; a non-member finds nothing of a private space.
 */
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { startApi, type TestApi } from '../support/api-server.js';
import { searchEngineEnv, searchIndexSettled } from '../support/search.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { EVERY_DAY, createOrganization, resourceBody } from '../support/directory.js';

type Who = RegisteredUser | null;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

/** A small seeded PRNG (mulberry32), so a failure can be replayed with the seed it prints. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = Number(process.env.SEARCH_SEED ?? Date.now() % 100000);
const rand = prng(SEED);
const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
const chance = (p: number) => rand() < p;

const TOKEN = `zq${Array.from({ length: 6 }, () => 'bcdfghjklmnprstvz'[Math.floor(Math.random() * 17)]).join('')}`;
const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

let api: TestApi;
let host: RegisteredUser;
let admin: RegisteredUser;
let people: RegisteredUser[]; // random members, blockers and authors
const spaces: Record<'public' | 'private' | 'hidden', Json> = {} as never;
const members = new Map<string, Set<string>>(); // spaceId → user ids

const get = (who: Who, path: string) => (who ? who.agent.get(path) : request(api.url).get(path));

async function join(who: RegisteredUser, visibility: 'public' | 'private' | 'hidden') {
  const space = spaces[visibility];
  if (visibility === 'hidden') {
    const invite = (await host.agent.post(`/api/spaces/${space.id}/invites`).send({ maxUses: 1 }).expect(201)).body;
    await who.agent.post(`/api/spaces/${space.id}/join`).send({ inviteToken: invite.token }).expect(200);
  } else {
    await who.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
    if (visibility === 'private') {
      const { items } = (await host.agent.get(`/api/spaces/${space.id}/requests`).expect(200)).body;
      const mine = items.find((r: Json) => r.user?.id === who.user.id || r.userId === who.user.id) ?? items[0];
      await host.agent.post(`/api/spaces/${space.id}/requests/${mine.id}/approve`).expect(204);
    }
  }
  members.get(space.id)!.add(who.user.id);
}

async function searchAll(who: Who, query: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(who, `/api/search?q=${encodeURIComponent(query)}&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    expect({ status: res.status, text: res.status === 200 ? '' : res.text }).toEqual({ status: 200, text: '' });
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** Fetches a hit through the REST route that guards it, as the same viewer: true when readable there. */
async function readableOverRest(who: Who, hit: Json): Promise<boolean> {
  switch (hit.type) {
    case 'space':
      return (await get(who, `/api/spaces/${hit.id}`)).status === 200;
    case 'story':
      return (await get(who, `/api/stories/${hit.id}`)).status === 200;
    case 'event':
      return (await get(who, `/api/events/${hit.id}`)).status === 200;
    case 'comment': {
      const storyId = /^\/stories\/([0-9a-f-]+)#comment-/.exec(hit.url)?.[1];
      const res = await get(who, `/api/stories/${storyId}/comments`);
      if (res.status !== 200) return false;
      const all: Json[] = (res.body.items ?? res.body).flatMap((c: Json) => [c, ...(c.replies ?? [])]);
      return all.some((c) => c.id === hit.id && !c.deletedAt);
    }
    case 'message': {
      if (!who) return false;
      const res = await get(who, `/api/spaces/${hit.spaceId}/messages?limit=100`);
      if (res.status !== 200) return false;
      return res.body.items.some((m: Json) => m.id === hit.id && !m.deletedAt);
    }
    case 'resource':
      return (await get(who, `/api/resources/${hit.id}`)).status === 200;
    case 'organization':
      return (await get(who, `/api/organizations/${hit.id}`)).status === 200;
    default:
      return false;
  }
}

// A refuge: its place is confidential, so none of these may ever reach a search answer.
const SECRET_ADDRESS = `Rejtett köz ${TOKEN}`;
const SECRET_POSTCODE = '1199';
const SECRETS = [SECRET_ADDRESS, 'Rejtett', SECRET_POSTCODE, '47.4711', '19.2733', 'behind the bakery'];
/** Ids in a hit (its own, its space's, in its address): a random UUID may hold "1199" by chance. */
const ANY_UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const directory: Record<'refuge' | 'inactive' | 'hidden' | 'deleted', string> = {} as never;
let organization: Json;

const stories: Json[] = [];

beforeAll(async () => {
  api = await startApi({ env: { CHAT_SEND_LIMIT: '1000', ...searchEngineEnv() } });
  [host, admin, ...people] = await Promise.all(Array.from({ length: 7 }, () => registerUser(api.url)));
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
  for (const visibility of ['public', 'private', 'hidden'] as const) {
    spaces[visibility] = (await host.agent.post('/api/spaces').send({ name: `Kör ${visibility} ${TOKEN}`, description: `Szállás és ${TOKEN}`, visibility }).expect(201)).body;
    members.set(spaces[visibility].id, new Set([host.user.id]));
  }
  for (const who of people) for (const visibility of ['public', 'private', 'hidden'] as const) if (chance(0.5)) await join(who, visibility);

  // Messages by everyone who may post, some later deleted or moderated.
  for (const [visibility, space] of Object.entries(spaces)) {
    for (const who of [host, ...people].filter((p) => members.get(space.id)!.has(p.user.id))) {
      for (let i = 0; i < 2; i++) {
        await who.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body: `${TOKEN} szállás ${visibility} ${i}` }).expect(201);
      }
    }
  }
  // Stories of every visibility and state; comments on readable ones.
  for (const who of [host, ...people]) {
    for (let i = 0; i < 3; i++) {
      const inSpace = Object.values(spaces).filter((s) => members.get(s.id)!.has(who.user.id));
      const visibility = pick(inSpace.length ? ['public', 'members', 'space'] : ['public', 'members']);
      const res = await who.agent.post('/api/stories').send({
        title: `${TOKEN} story ${i}`,
        content: doc(`The secret text ${TOKEN} number ${i}`),
        contentWarnings: chance(0.3) ? ['violence'] : [],
        visibility,
        ...(visibility === 'space' && { spaceId: pick(inSpace).id }),
        language: pick(['en', 'hu', 'sr', 'da', 'fi', 'sl']),
        status: chance(0.25) ? 'draft' : 'published',
        anonymous: chance(0.4),
      });
      expect(res.status).toBe(201);
      stories.push({ ...res.body, authorId: who.user.id, authorName: who.user.username });
    }
  }
  for (const who of [host, ...people]) {
    for (const story of stories.filter((s) => s.status === 'published').slice(0, 6)) {
      const res = await who.agent.post(`/api/stories/${story.id}/comments`).send({ content: doc(`${TOKEN} comment by ${who.user.username}`) });
      if (res.status !== 201) expect([403, 404]).toContain(res.status);
    }
  }
  // Events: one per space by the host, one public one by an admin.
  const at = new Date(Date.now() + 5 * 86_400_000);
  const event = (spaceId?: string) => ({
    title: `${TOKEN} gathering`, kind: 'community', startsAt: at.toISOString(), endsAt: new Date(at.getTime() + 3_600_000).toISOString(),
    timezone: 'Europe/Budapest', ...(spaceId && { spaceId }),
  });
  for (const space of Object.values(spaces)) await host.agent.post('/api/events').send(event(space.id)).expect(201);
  // Public events belong to an organisation (its staff post them).
  const publicOrganizer = await createOrganization(admin, `${TOKEN} Neighbours`);
  await admin.agent.post('/api/events').send({ ...event(), organizationId: publicOrganizer.id }).expect(201);

  // The directory: an organisation, a refuge with a confidential place and a public one, and
  // resources that must not be found (inactive, hidden by moderators, deleted).
  organization = await createOrganization(host, `${TOKEN} Haven`);
  const resource = async (name: string, places: Record<string, unknown>[]) =>
    (await host.agent.post('/api/resources').send({ ...resourceBody(organization.id, { name, description: `Beds and advice ${TOKEN}` }), locations: places.map((p) => resourceBody(organization.id, {}, p).locations[0]) }).expect(201)).body.id as string;
  directory.refuge = await resource(`${TOKEN} refuge`, [
    { name: 'Refuge', address: SECRET_ADDRESS, postalCode: SECRET_POSTCODE, city: 'Rejtettvár', lat: 47.4711, lng: 19.2733, transport: 'Ring at the door behind the bakery', confidential: true, hours: [{ days: EVERY_DAY, opens: '00:00', closes: '24:00' }] },
    { address: 'Nyitott utca 1', city: 'Napfényváros' },
  ]);
  directory.inactive = await resource(`${TOKEN} closed service`, [{}]);
  directory.hidden = await resource(`${TOKEN} hidden service`, [{}]);
  directory.deleted = await resource(`${TOKEN} deleted service`, [{}]);
  await api.sql(`UPDATE resources SET status = 'inactive' WHERE id = $1`, [directory.inactive]);
  await api.sql(`UPDATE resources SET moderation_state = 'hidden' WHERE id = $1`, [directory.hidden]);
  await host.agent.delete(`/api/resources/${directory.deleted}`).expect(204);

  // Moderation decisions, deletions and blocks, at random.
  for (const table of ['messages', 'stories', 'story_comments', 'events']) {
    const rows = await api.sql<{ id: string }>(`SELECT id FROM ${table}`);
    for (const { id } of rows) {
      if (chance(0.25)) await api.sql(`UPDATE ${table} SET moderation_state = $2 WHERE id = $1`, [id, pick(['pending', 'hidden', 'removed'])]);
    }
  }
  const messages = await api.sql<{ id: string }>(`SELECT id FROM messages`);
  for (const { id } of messages) if (chance(0.1)) await api.sql(`UPDATE messages SET body = '', deleted_at = now() WHERE id = $1`, [id]);
  for (const story of stories) if (chance(0.1)) await api.sql(`UPDATE stories SET deleted_at = now() WHERE id = $1`, [story.id]);
  for (const blocker of people) {
    const target = pick([host, ...people.filter((p) => p !== blocker)]);
    if (chance(0.6)) await blocker.agent.post(`/api/users/${target.user.id}/block`).expect(204);
  }
  await searchIndexSettled(api);
}, 180_000);
afterAll(() => api?.stop());

const viewers = (): Record<string, Who> => ({
  visitor: null, host, admin, ...Object.fromEntries(people.map((p, i) => [`person${i}`, p])),
});

describe(`search permissions (seed ${process.env.SEARCH_SEED ?? 'random'}: ${SEED})`, () => {
  it('every hit, for every viewer and query, is readable through REST by that viewer', async () => {
    const queries = [TOKEN, `${TOKEN} szallas`, 'szállás', `${TOKEN.slice(0, 4)}x${TOKEN.slice(5)}`, 'secret text', `"${TOKEN}" | ! :*`];
    let checked = 0;
    for (const [name, who] of Object.entries(viewers())) {
      const seen = new Set<string>();
      for (const query of queries) {
        for (const hit of await searchAll(who, query)) {
          if (seen.has(hit.id)) continue;
          seen.add(hit.id);
          const ok = await readableOverRest(who, hit);
          if (!ok) throw new Error(`${name} found ${hit.type} ${hit.id} by "${query}" but REST refuses it (seed ${SEED})`);
          checked += 1;
          // An anonymous story never names its author in search, to anyone.
          const story = stories.find((s) => s.id === hit.id);
          if (story?.anonymous) for (const id of [story.authorName, story.authorId]) expect(JSON.stringify(hit)).not.toContain(id);
          // A covered story shows its notes, not its text.
          if (story?.contentWarnings?.length) expect(hit.snippet).not.toContain('secret text');
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  }, 240_000);

  it('a member finds exactly the messages their space history shows them', async () => {
    for (const who of [host, ...people]) {
      const hits = (await searchAll(who, TOKEN)).filter((h) => h.type === 'message');
      for (const space of Object.values(spaces)) {
        const mine = hits.filter((h) => h.spaceId === space.id).map((h) => h.id).sort();
        if (!members.get(space.id)!.has(who.user.id)) {
          expect(mine).toEqual([]);
          continue;
        }
        const history = (await who.agent.get(`/api/spaces/${space.id}/messages?limit=100`).expect(200)).body.items as Json[];
        const shown = history.filter((m) => !m.deletedAt && (!m.moderation || m.author?.id === who.user.id)).map((m) => m.id).sort();
        expect(mine).toEqual(shown);
      }
    }
  }, 120_000);

  it('a non-member finds nothing of a private or hidden space by any query', async () => {
    const outsider = await registerUser(api.url);
    const words = [TOKEN, 'szállás', 'Kör private', 'private', `${TOKEN} story`, 'secret', 'gathering'];
    for (const query of words) {
      const hits = await searchAll(outsider, query);
      expect(hits.filter((h) => h.spaceId === spaces.private.id && h.type !== 'space')).toEqual([]);
      expect(hits.filter((h) => h.spaceId === spaces.hidden.id)).toEqual([]);
    }
  });

  it('finds listed resources and organisations, never an inactive, hidden or deleted one, nor a confidential place', async () => {
    const queries = [TOKEN, `${TOKEN} refuge`, SECRET_ADDRESS, 'Rejtett', 'Rejtettvár', SECRET_POSTCODE, '47.4711', 'bakery', 'napfenyvaros', `${TOKEN} service`];
    for (const [name, who] of Object.entries(viewers())) {
      const found = new Set<string>();
      for (const query of queries) {
        const hits = await searchAll(who, query);
        for (const hit of hits) {
          found.add(hit.id);
          const text = JSON.stringify(hit).replace(ANY_UUID, '<id>');
          // A failure shows the whole hit, so a leak can be told from a coincidence.
          for (const secret of SECRETS) expect({ name, query, leaked: text.includes(secret) ? { secret, in: text } : null }).toEqual({ name, query, leaked: null });
        }
        // Nothing about the confidential place finds the refuge (its city is left out too).
        if (['Rejtett', 'Rejtettvár', SECRET_POSTCODE, '47.4711', 'bakery'].includes(query)) expect(hits.filter((h) => h.type === 'resource')).toEqual([]);
      }
      expect({ name, refuge: found.has(directory.refuge), organization: found.has(organization.id) }).toEqual({ name, refuge: true, organization: true });
      for (const key of ['inactive', 'hidden', 'deleted'] as const) expect({ name, key, found: found.has(directory[key]) }).toEqual({ name, key, found: false });
    }
    // A public place's city is part of the text the refuge is found by (here without its accents).
    const byCity = await searchAll(null, 'napfenyvaros');
    expect(byCity.map((h) => h.id)).toContain(directory.refuge);
  }, 120_000);

  it('a member removed from a space stops finding its messages at once', async () => {
    const member = await registerUser(api.url);
    await join(member, 'private');
    await member.agent.post(`/api/spaces/${spaces.private.id}/messages`).send({ clientId: randomUUID(), body: `${TOKEN} mine before removal` }).expect(201);
    await searchIndexSettled(api);
    const before = (await searchAll(member, `${TOKEN} removal`)).filter((h) => h.spaceId === spaces.private.id && h.type === 'message');
    expect(before.length).toBeGreaterThan(0);
    await host.agent.delete(`/api/spaces/${spaces.private.id}/members/${member.user.id}`).expect(204);
    const after = (await searchAll(member, `${TOKEN} removal`)).filter((h) => h.spaceId === spaces.private.id && h.type !== 'space');
    expect(after).toEqual([]);
  });
});
