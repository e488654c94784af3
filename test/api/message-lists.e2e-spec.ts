import { startApi, type TestApi } from '../support/api-server.js';
import { MESSAGE_SELECT, messageHistoryQuery, messagesSinceQuery } from '../../api/src/modules/chat/message-queries.sql.js';
import { firstRows } from '../../api/src/core/database/page-limit.js';

/**
 * A list of messages (a page of history, the catch-up after a reconnect) reads reactions, mentions
 * and the look-alike name test once for the whole list rather than once a row (issue 16). Each of
 * its rows must still be exactly what the one-message read (MESSAGE_SELECT, used for every send's
 * answer and every reaction's) gives the same viewer: run both over a space that has every kind of
 * row and compare them column by column.
 */
let api: TestApi;
let viewer: string;
let space: string;
let ids: Record<string, string>;

interface Row {
  id: string;
  seq: string;
  [column: string]: unknown;
}

async function person(username: string, displayName: string | null, skeletons: [string | null, string | null]): Promise<string> {
  const [{ id }] = await api.sql<{ id: string }>(
    `INSERT INTO users (username, username_key, display_name, password_hash, username_skeleton, display_name_skeleton)
     VALUES ($1, $1, $2, 'x', $3, $4) RETURNING id`,
    [username, displayName, ...skeletons],
  );
  return id;
}

beforeAll(async () => {
  api = await startApi();
  const suffix = Date.now().toString(36);
  viewer = await person(`viewer_${suffix}`, 'Viewer', [`viewer_${suffix}`, null]);
  const friend = await person(`friend_${suffix}`, 'Friend', [`friend_${suffix}`, null]);
  const other = await person(`other_${suffix}`, null, [`other_${suffix}`, null]);
  const blocked = await person(`blocked_${suffix}`, 'Blocked', [`blocked_${suffix}`, null]);
  // Her display name looks like Friend's username: her rows carry the look-alike flag.
  const imitator = await person(`imitator_${suffix}`, 'Friend', [`imitator_${suffix}`, `friend_${suffix}`]);
  const gone = await person(`gone_${suffix}`, 'Gone', [`gone_${suffix}`, null]);
  await api.sql(`INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2)`, [viewer, blocked]);
  [{ id: space }] = await api.sql<{ id: string }>(`INSERT INTO spaces (slug, name, visibility) VALUES ($1, 'Lists', 'public') RETURNING id`, [`lists-${suffix}`]);

  const rows: [string, string | null, string, string?][] = [
    // name, author, moderation state, the message it replies to
    ['plain', friend, 'visible'],
    ['byBlocked', blocked, 'visible'],
    ['quotesBlocked', friend, 'visible', 'byBlocked'],
    ['byImitator', imitator, 'visible'],
    ['quotesImitator', other, 'visible', 'byImitator'],
    ['reacted', other, 'visible'],
    ['mentions', friend, 'visible'],
    ['mineHeld', viewer, 'pending'],
    ['theirsHeld', friend, 'pending'],
    ['removed', friend, 'removed'],
    ['quotesRemoved', viewer, 'visible', 'removed'],
    ['deleted', other, 'visible'],
    ['byGone', gone, 'visible'],
    ['quotesGone', friend, 'visible', 'byGone'],
    ['last', viewer, 'visible'],
  ];
  ids = {};
  for (const [seq, [name, author, state, replyTo]] of rows.entries()) {
    const [{ id }] = await api.sql<{ id: string }>(
      `INSERT INTO messages (space_id, seq, client_id, author_id, body, moderation_state, moderation_reason, reply_to_id)
       VALUES ($1, $2, gen_random_uuid(), $3, $4, $5, CASE WHEN $5 = 'removed' THEN 'spam' END, $6) RETURNING id`,
      [space, seq + 1, author, `${name}: ${'words '.repeat(40)}`, state, replyTo ? ids[replyTo] : null],
    );
    ids[name] = id;
  }
  await api.sql(`UPDATE spaces SET last_seq = $2 WHERE id = $1`, [space, rows.length]);
  await api.sql(`UPDATE messages SET deleted_at = now() WHERE id = $1`, [ids.deleted]);
  await api.sql(`UPDATE messages SET edited_at = now() WHERE id = $1`, [ids.plain]);
  await api.sql(
    `INSERT INTO message_reactions (message_id, user_id, kind)
     VALUES ($1, $2, 'heart'), ($1, $3, 'heart'), ($1, $3, 'hug'), ($1, $4, 'thanks'), ($5, $3, 'hug'), ($6, $2, 'heart')`,
    [ids.reacted, viewer, friend, other, ids.plain, ids.removed],
  );
  await api.sql(`INSERT INTO message_mentions (message_id, user_id) VALUES ($1, $2), ($1, $3), ($1, $4), ($5, $2)`, [
    ids.mentions,
    viewer,
    other,
    imitator,
    ids.deleted,
  ]);
  // The account is gone, its messages stay with no author (as an account's deletion leaves them).
  await api.sql(`DELETE FROM users WHERE id = $1`, [gone]);
});
afterAll(() => api?.stop());

/** Each row as the one-message read gives it to the viewer. */
async function oneByOne(rows: Row[]): Promise<Row[]> {
  const each: Row[] = [];
  for (const row of rows) each.push(...(await api.sql<Row>(`${MESSAGE_SELECT} WHERE g.id = $2`, [viewer, row.id])));
  return each;
}

it('a page of history: every row as the one-message read gives it, in order, without blocked authors or others’ held messages', async () => {
  const { text, params } = messageHistoryQuery(viewer, space, null, 50);
  const page = await api.sql<Row>(text, params);
  expect(page.map((r) => Number(r.seq))).toEqual([15, 14, 13, 12, 11, 10, 8, 7, 6, 5, 4, 3, 1]);
  expect(page).toEqual(await oneByOne(page));
  // What the fixture is for: each kind of row is there and differs from a plain one.
  const byId = new Map(page.map((r) => [r.id, r]));
  expect(byId.get(ids.reacted)?.reactions).toEqual([
    { kind: 'heart', count: 2, mine: true },
    { kind: 'hug', count: 1, mine: false },
    { kind: 'thanks', count: 1, mine: false },
  ]);
  expect(byId.get(ids.mentions)?.mentions).toHaveLength(3);
  expect(byId.get(ids.byImitator)?.author_name_lookalike).toBe(true);
  expect(byId.get(ids.quotesImitator)?.reply_author_name_lookalike).toBe(true);
  expect(byId.get(ids.quotesBlocked)?.reply_author_blocked).toBe(true);
  expect(byId.get(ids.quotesRemoved)?.reply_deleted).toBe(true);
  expect(byId.get(ids.byGone)?.author_id).toBeNull();
  expect(byId.get(ids.quotesGone)?.reply_author_username).toBeNull();
});

it('an older page and the catch-up after a reconnect: the same rows as one by one', async () => {
  // Each statement reads a page of a set size (page-limit.ts); the repository keeps the first rows asked for.
  const before = messageHistoryQuery(viewer, space, 12, 4);
  const older = firstRows(await api.sql<Row>(before.text, before.params), 4);
  expect(older.map((r) => Number(r.seq))).toEqual([11, 10, 8, 7]);
  expect(older).toEqual(await oneByOne(older));

  const after = messagesSinceQuery(viewer, space, 2, 5);
  const since = firstRows(await api.sql<Row>(after.text, after.params), 5);
  expect(since.map((r) => Number(r.seq))).toEqual([3, 4, 5, 6, 7]);
  expect(since).toEqual(await oneByOne(since));
});
