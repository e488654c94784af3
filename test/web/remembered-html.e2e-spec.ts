import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { startWeb, type TestWeb } from '../support/web-server.js';
import { createSpace } from '../support/sockets.js';
import { createOrganization, resourceBody } from '../support/directory.js';

/**
 * The web keeps the HTML of a space page's messages, the events page's days, the directory's
 * cards and the sections of a signed-in home, and answers it again for the next page where nothing they show has changed (issue 16;
 * web/app/utils/remembered-html.server.ts). Every reader must still get exactly what a web without
 * that memory renders for them, whoever's page the HTML was first rendered for: their own
 * messages, mentions of them, their reactions, quotes of someone they blocked, what moderators
 * held or removed (the author sees why), the first unread message, their answers to events, their
 * time zone, the time asked about and how far away a place is, the language — and something that
 * changes must show its change at once.
 */
let api: TestApi;
let remembering: TestWeb;
let plain: TestWeb;
let host: RegisteredUser;
let member: RegisteredUser;
let reader: RegisteredUser;
let space: { id: string; slug: string };
const ids: Record<string, string> = {};
let eventIds: string[];
const DAY = 86_400_000;
const at = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

async function author(username: string, displayName: string, skeleton: string | null = null): Promise<string> {
  const [{ id }] = await api.sql<{ id: string }>(
    `INSERT INTO users (username, username_key, display_name, password_hash, username_skeleton, display_name_skeleton)
     VALUES ($1, $1, $2, 'x', $1, $3) RETURNING id`,
    [username, displayName, skeleton],
  );
  return id;
}

beforeAll(async () => {
  api = await startApi();
  [remembering, plain] = await Promise.all([startWeb(api.url), startWeb(api.url, { MESSAGE_HTML_CACHE_MB: '0' })]);
  [host, member, reader] = await Promise.all([registerUser(api.url, { locale: 'en' }), registerUser(api.url, { locale: 'hu' }), registerUser(api.url, { locale: 'en' })]);
  space = await createSpace(host, {}, [member, reader]);
  const suffix = Date.now().toString(36);
  const friend = await author(`friend_${suffix}`, 'Friend');
  const blocked = await author(`blocked_${suffix}`, 'Blocked');
  const imitator = await author(`imitator_${suffix}`, 'Friend', `friend_${suffix}`);
  const gone = await author(`gone_${suffix}`, 'Gone');
  await api.sql(`INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2)`, [host.user.id, blocked]);

  const rows: [string, string, string, string?, string?][] = [
    // name, author, moderation state, body, the message it replies to
    ['plain', friend, 'visible'],
    ['byBlocked', blocked, 'visible'],
    ['quotesBlocked', friend, 'visible', undefined, 'byBlocked'],
    ['byImitator', imitator, 'visible'],
    ['link', friend, 'visible', 'The list is at https://example.org/housing?a=1&b=2. See you!'],
    ['mentionsMember', friend, 'visible', `Welcome @${member.user.username}, and @nobody_else too`],
    ['byHost', host.user.id, 'visible', 'Tea at five <b>&</b> "biscuits"'],
    ['hostHeld', host.user.id, 'pending'],
    ['memberRemoved', member.user.id, 'removed'],
    ['quotesRemoved', reader.user.id, 'visible', undefined, 'memberRemoved'],
    ['reacted', friend, 'visible'],
    ['edited', member.user.id, 'visible'],
    ['deleted', friend, 'visible'],
    ['byGone', gone, 'visible'],
    ['byReader', reader.user.id, 'visible', 'Line one\nline two'],
    // Names the reader in its words, though no mention was recorded (written before they joined, say).
    ['namesReader', friend, 'visible', `Thanks @${reader.user.username}!`],
    ['last', friend, 'visible'],
  ];
  for (const [seq, [name, by, state, body, replyTo]] of rows.entries()) {
    const [{ id }] = await api.sql<{ id: string }>(
      `INSERT INTO messages (space_id, seq, client_id, author_id, body, moderation_state, moderation_reason, reply_to_id)
       VALUES ($1, $2, gen_random_uuid(), $3, $4, $5, CASE WHEN $5 = 'removed' THEN 'Spam, twice' END, $6) RETURNING id`,
      [space.id, seq + 1, by, body ?? `${name}: said in the space`, state, replyTo ? ids[replyTo] : null],
    );
    ids[name] = id;
  }
  await api.sql(`UPDATE spaces SET last_seq = $2 WHERE id = $1`, [space.id, rows.length]);
  await api.sql(`UPDATE messages SET deleted_at = now() WHERE id = $1`, [ids.deleted]);
  await api.sql(`UPDATE messages SET edited_at = now() WHERE id = $1`, [ids.edited]);
  await api.sql(`INSERT INTO message_reactions (message_id, user_id, kind) VALUES ($1, $2, 'heart'), ($1, $3, 'heart'), ($1, $4, 'hug')`, [
    ids.reacted,
    host.user.id,
    member.user.id,
    friend,
  ]);
  await api.sql(`INSERT INTO message_mentions (message_id, user_id) VALUES ($1, $2)`, [ids.mentionsMember, member.user.id]);
  await api.sql(`DELETE FROM users WHERE id = $1`, [gone]);
  // The member has read up to the link: the first unread message is after it, for them alone.
  await api.sql(`UPDATE space_members SET last_read_seq = 5 WHERE space_id = $1 AND user_id = $2`, [space.id, member.user.id]);
  await api.sql(`UPDATE space_members SET last_read_seq = $3 WHERE space_id = $1 AND user_id = $2`, [space.id, reader.user.id, rows.length]);

  // Events in the space, answered differently by each reader (the events page and the home show them).
  const make = async (title: string, days: number, hour: number, extra: Record<string, unknown> = {}) => {
    const res = await host.agent
      .post('/api/events')
      .send({ title, kind: 'community', spaceId: space.id, startsAt: at(days, hour).toISOString(), endsAt: at(days, hour + 2).toISOString(), timezone: 'Europe/Budapest', ...extra });
    expect([res.status, res.text]).toEqual([201, expect.any(String)]);
    return res.body.id as string;
  };
  eventIds = [
    await make('Soup evening', 2, 16, { capacity: 2, location: { name: 'The kitchen', address: 'Fő utca 1' } }),
    await make('Open morning', 2, 8),
    await make('Late walk', 3, 22, { timezone: 'Europe/Copenhagen' }),
  ];
  await member.agent.post(`/api/events/${eventIds[0]}/rsvp`).send({ status: 'going' }).expect(200);
  await reader.agent.post(`/api/events/${eventIds[1]}/rsvp`).send({ status: 'maybe' }).expect(200);
}, 120_000);
afterAll(async () => {
  await remembering?.stop();
  await plain?.stop();
  await api?.stop();
});

/** The space page's list of messages, as the server rendered it for `who`. */
const listOn = (web: TestWeb, who: RegisteredUser) => partOn(web, `/spaces/${space.slug}`, who.cookie, '<ol class="message-list"', '</ol>');

/** The part of a page the server rendered for `cookie` from `from` up to `to` (included, when it is a closing tag). */
async function partOn(web: TestWeb, path: string, cookie: string, from: string, to: string): Promise<string> {
  const res = await fetch(`${web.url}${path}`, { headers: { Cookie: cookie } });
  expect(res.status).toBe(200);
  const html = await res.text();
  const start = html.indexOf(from);
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf(to, start) + (to === '</ol>' ? to.length : 0));
}

describe('a space page', () => {
  it('every reader gets the list a web without the memory renders for them, whoever it was first rendered for', async () => {
    // Twice round: first each reader's messages are new to the memory (or were just rendered for
    // the reader before them), then every one is answered from it.
    for (const who of [host, member, reader, host, member, reader]) {
      expect(await listOn(remembering, who)).toBe(await listOn(plain, who));
    }
    // What the fixture is for: each reader's list differs where their page should.
    const [forHost, forMember, forReader] = [await listOn(plain, host), await listOn(plain, member), await listOn(plain, reader)];
    expect(forHost).not.toContain('byBlocked: said');
    expect(forReader).toContain('byBlocked: said');
    expect(forHost).toContain('hostHeld: said');
    expect(forReader).not.toContain('hostHeld: said');
    expect(forMember).toContain('Spam, twice');
    expect(forMember).toContain('href="/account/moderation"');
    expect(forReader).not.toContain('Spam, twice');
    expect(forMember).toContain(`<mark class="mention-me">@<!-- -->${member.user.username}</mark>`);
    expect(forReader).toContain(`<mark class="mention-me">@<!-- -->${reader.user.username}</mark>`);
    expect(forHost).not.toContain('mention-me');
    expect(forMember).toContain('data-testid="unread-divider"');
    expect(forReader).not.toContain('data-testid="unread-divider"');
    expect(forMember).toContain('Egy korábbi tag');
    expect(forReader).toContain('A former member');
    expect(forHost).toContain('href="https://example.org/housing?a=1&amp;b=2"');
    expect(forHost).toContain('Tea at five &lt;b&gt;&amp;&lt;/b&gt; &quot;biscuits&quot;');
    expect(remembering.output()).not.toContain('remembered HTML');
  });

  it('a message that changes shows its change on the next page', async () => {
    expect(await listOn(remembering, reader)).toContain('last: said in the space');
    await api.sql(`UPDATE messages SET body = 'last: said again, better', edited_at = now() WHERE id = $1`, [ids.last]);
    await api.sql(`UPDATE messages SET moderation_state = 'hidden' WHERE id = $1`, [ids.plain]);
    await api.sql(`INSERT INTO message_reactions (message_id, user_id, kind) VALUES ($1, $2, 'thanks')`, [ids.reacted, reader.user.id]);
    for (const who of [reader, host, member]) {
      const list = await listOn(remembering, who);
      expect(list).toBe(await listOn(plain, who));
      expect(list).toContain('last: said again, better');
      expect(list).not.toContain('last: said in the space');
      expect(list).not.toContain('plain: said in the space');
    }
    expect(remembering.output()).not.toContain('remembered HTML');
  });
});

describe('the events page', () => {
  /** The agenda's days, as the server rendered them for `cookie`. */
  const agendaOn = (web: TestWeb, cookie: string) => partOn(web, '/events', cookie, '<div class="agenda"', '</main>');

  it('every reader gets the agenda a web without the memory renders for them, in their language and time zone', async () => {
    const readers = [host.cookie, member.cookie, reader.cookie, `${reader.cookie}; tz=America%2FNew_York`, `${host.cookie}; tz=Asia%2FTokyo`];
    for (const cookie of [...readers, ...readers]) {
      expect(await agendaOn(remembering, cookie)).toBe(await agendaOn(plain, cookie));
    }
    const [forHost, forMember, forReader, forReaderInNewYork] = await Promise.all(readers.slice(0, 4).map((cookie) => agendaOn(plain, cookie)));
    // What the fixture is for: each reader's agenda differs where their page should.
    expect(forMember).toContain('Ott leszel');
    expect(forReader).toContain('You might go');
    expect(forHost).not.toContain('You might go');
    expect(forReaderInNewYork).toContain('your time');
    expect(forReader).not.toContain('your time');
    expect(remembering.output()).not.toContain('remembered HTML');
  });

  it('an answer or a change to an event shows on the next page', async () => {
    const before = await agendaOn(remembering, member.cookie);
    await member.agent.post(`/api/events/${eventIds[1]}/rsvp`).send({ status: 'going' }).expect(200);
    await host.agent.patch(`/api/events/${eventIds[2]}`).send({ title: 'Later walk' }).expect(200);
    const after = await agendaOn(remembering, member.cookie);
    expect(before).not.toContain('Later walk');
    expect(after).toBe(await agendaOn(plain, member.cookie));
    expect(after).toContain('Later walk');
    expect(remembering.output()).not.toContain('remembered HTML');
  });
});

describe('the directory', () => {
  let shelterId: string;

  beforeAll(async () => {
    await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [host.user.id]);
    const org = await createOrganization(host);
    const add = async (overrides: Record<string, unknown>, location: Record<string, unknown> = {}) =>
      (await host.agent.post('/api/resources').send(resourceBody(org.id, overrides, location)).expect(201)).body.id as string;
    shelterId = await add({ name: 'Remembered night shelter' });
    await add({ name: 'Remembered day centre' }, { hours: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], opens: '09:00', closes: '17:00' }], lat: 47.5, lng: 19.05 });
    await add({ name: 'Remembered phone line', attributes: ['free'], locations: [] });
  });

  /** The list of results, as the server rendered it for `cookie`. */
  const resultsOn = (web: TestWeb, query: string, cookie: string) => partOn(web, `/resources?${query}`, cookie, '<ul class="resource-list"', '</section>');

  it('every reader gets the cards a web without the memory renders, for the time asked about and their place', async () => {
    const asks = [
      ['q=Remembered&at=2026-12-07T18:20:00.000Z', host.cookie],
      ['q=Remembered&at=2026-12-07T18:20:00.000Z', member.cookie],
      ['q=Remembered&at=2026-12-07T18:30:00.000Z', reader.cookie],
      ['q=Remembered&at=2026-12-09T08:00:00.000Z', reader.cookie],
      ['q=Remembered&at=2026-12-07T18:20:00.000Z&near=47.49,19.08', reader.cookie],
      ['q=Remembered&at=2026-12-07T18:20:00.000Z&near=47.52,19.04', reader.cookie],
    ];
    for (const [query, cookie] of [...asks, ...asks]) {
      expect(await resultsOn(remembering, query, cookie)).toBe(await resultsOn(plain, query, cookie));
    }
    // What the fixture is for: the cards differ where the page should.
    const [evening, eveningInHungarian, later, morning, near, far] = await Promise.all(asks.map(([query, cookie]) => resultsOn(plain, query, cookie)));
    expect(evening).toContain('Remembered night shelter');
    expect(eveningInHungarian).not.toBe(evening);
    expect(later).not.toBe(evening);
    expect(morning).not.toBe(later);
    expect(near).toContain('resource-card__distance');
    expect(far).not.toBe(near);
    expect(remembering.output()).not.toContain('remembered HTML');
  });

  it('a changed resource shows its change on the next page', async () => {
    const query = 'q=Remembered&at=2026-12-07T18:20:00.000Z';
    expect(await resultsOn(remembering, query, reader.cookie)).toContain('Remembered night shelter');
    await host.agent.patch(`/api/resources/${shelterId}`).send({ name: 'Remembered night shelter, renamed' }).expect(200);
    const after = await resultsOn(remembering, query, reader.cookie);
    expect(after).toContain('Remembered night shelter, renamed');
    expect(after).toBe(await resultsOn(plain, query, reader.cookie));
  });
});

describe('a signed-in home', () => {
  /** The home's sections (spaces, events, notifications, stories), as the server rendered them for `cookie`. */
  const sectionsOn = (web: TestWeb, cookie: string) => partOn(web, '/', cookie, '<div class="my-home__grid"', '</main>');

  it('every reader gets the sections a web without the memory renders for them, and a change shows at once', async () => {
    const readers = [host.cookie, member.cookie, reader.cookie, `${member.cookie}; tz=America%2FNew_York`];
    for (const cookie of [...readers, ...readers]) {
      expect(await sectionsOn(remembering, cookie)).toBe(await sectionsOn(plain, cookie));
    }
    const [forHost, forMember, forMemberInNewYork] = await Promise.all([sectionsOn(plain, host.cookie), sectionsOn(plain, member.cookie), sectionsOn(plain, readers[3])]);
    expect(forHost).not.toBe(forMember);
    expect(forMember).toContain('Soup evening');
    expect(forMemberInNewYork).not.toBe(forMember);
    // A new message in the space changes the member's unread count there.
    const before = await sectionsOn(remembering, member.cookie);
    await host.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'One more, for the home page' }).expect(201);
    const after = await sectionsOn(remembering, member.cookie);
    expect(after).not.toBe(before);
    expect(after).toBe(await sectionsOn(plain, member.cookie));
    expect(remembering.output()).not.toContain('remembered HTML');
  });
});
