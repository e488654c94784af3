/*
 * The SQL that reads messages, with no database or Nest dependency, so the query-plan test
 * (test/api/query-plans.e2e-spec.ts) EXPLAINs exactly the text the API runs.
 */
import { notBlockedSql } from '../accounts/blocks.policy.js';
import { displayNameImitatesSql } from '../accounts/name-lookalike.policy.js';
import { statementPerPageLimit } from '../../core/database/page-limit.js';
import { messageNotBlockedSql, messageNotHeldSql } from './chat.policy.js';

/**
 * Messages with reply quotes, mentions and reaction counts, whether `viewer` (SQL: a parameter or a
 * column) gave each reaction, and whether they blocked the quoted author — the parts of the row
 * that depend on who reads it.
 */
const messageSelect = (viewer: string, extraColumns = '', source = 'messages', mentions = 'message_mentions') => `
  SELECT${extraColumns} g.id, g.space_id, g.seq, g.client_id, g.author_id, a.username AS author_username,
         a.display_name AS author_display_name, ${displayNameImitatesSql('a')} AS author_name_lookalike,
         g.body, g.reply_to_id, r.author_id AS reply_author_id, ra.username AS reply_author_username,
         ra.display_name AS reply_author_display_name, ${displayNameImitatesSql('ra')} AS reply_author_name_lookalike, r.body AS reply_body, (r.deleted_at IS NOT NULL OR r.moderation_state <> 'visible') AS reply_deleted,
         NOT ${notBlockedSql(viewer, 'r.author_id')} AS reply_author_blocked,
         coalesce((SELECT array_agg(mm.user_id ORDER BY mm.user_id) FROM ${mentions} mm WHERE mm.message_id = g.id), '{}') AS mentions,
         g.created_at, g.edited_at, g.deleted_at, g.moderation_state, g.moderation_reason,
         coalesce((SELECT json_agg(json_build_object('kind', x.kind, 'count', x.n, 'mine', x.mine) ORDER BY x.kind)
                     FROM (SELECT kind, count(*)::int AS n, bool_or(user_id = ${viewer}) AS mine
                             FROM message_reactions WHERE message_id = g.id GROUP BY kind) x), '[]') AS reactions
    FROM ${source} g
    LEFT JOIN users a ON a.id = g.author_id
    LEFT JOIN messages r ON r.id = g.reply_to_id
    LEFT JOIN users ra ON ra.id = r.author_id`;

/**
 * Messages as one viewer sees them, `$1` the viewer; the lists below also leave out the messages
 * of people the viewer blocked.
 */
export const MESSAGE_SELECT = messageSelect('$1');

/**
 * A list of messages as viewer `$1` sees them: those `where` picks (on `messages g`), in `order`, at
 * most `limit`; each row as MESSAGE_SELECT reads one message. The reactions, mentions and the
 * look-alike name test are read once for the whole list, each person's name test once: as
 * subqueries they ran once for every row, and on a space page of 50 messages that was half the
 * statement's time in Postgres (docs/benchmarks.md, issue 16).
 */
const messageList = (where: string, order: string, limit: number) => `
  WITH page AS MATERIALIZED (
    SELECT g.id, g.space_id, g.seq, g.client_id, g.author_id, g.body, g.reply_to_id, g.created_at, g.edited_at,
           g.deleted_at, g.moderation_state, g.moderation_reason, r.author_id AS reply_author_id, r.body AS reply_body,
           (r.deleted_at IS NOT NULL OR r.moderation_state <> 'visible') AS reply_deleted
      FROM messages g
      LEFT JOIN messages r ON r.id = g.reply_to_id
     WHERE ${where} ORDER BY ${order} LIMIT ${limit}),
  people AS MATERIALIZED (
    SELECT a.id, a.username, a.display_name, ${displayNameImitatesSql('a')} AS name_lookalike
      FROM users a WHERE a.id = ANY(ARRAY(SELECT author_id FROM page UNION SELECT reply_author_id FROM page))),
  mentions AS (
    SELECT mm.message_id, array_agg(mm.user_id ORDER BY mm.user_id) AS ids
      FROM message_mentions mm WHERE mm.message_id = ANY(ARRAY(SELECT id FROM page)) GROUP BY mm.message_id),
  reactions AS (
    SELECT x.message_id, json_agg(json_build_object('kind', x.kind, 'count', x.n, 'mine', x.mine) ORDER BY x.kind) AS list
      FROM (SELECT message_id, kind, count(*)::int AS n, bool_or(user_id = $1) AS mine
              FROM message_reactions WHERE message_id = ANY(ARRAY(SELECT id FROM page)) GROUP BY message_id, kind) x
     GROUP BY x.message_id)
  SELECT g.id, g.space_id, g.seq, g.client_id, g.author_id, a.username AS author_username,
         a.display_name AS author_display_name, coalesce(a.name_lookalike, false) AS author_name_lookalike,
         g.body, g.reply_to_id, g.reply_author_id, ra.username AS reply_author_username,
         ra.display_name AS reply_author_display_name, coalesce(ra.name_lookalike, false) AS reply_author_name_lookalike,
         g.reply_body, g.reply_deleted, NOT ${notBlockedSql('$1', 'g.reply_author_id')} AS reply_author_blocked,
         coalesce(mn.ids, '{}') AS mentions, g.created_at, g.edited_at, g.deleted_at, g.moderation_state, g.moderation_reason,
         coalesce(rx.list, '[]') AS reactions
    FROM page g
    LEFT JOIN people a ON a.id = g.author_id
    LEFT JOIN people ra ON ra.id = g.reply_author_id
    LEFT JOIN mentions mn ON mn.message_id = g.id
    LEFT JOIN reactions rx ON rx.message_id = g.id
   ORDER BY ${order}`;

/**
 * The people who blocked a message's author (a broadcast of it skips their sockets), and those who
 * blocked the author of the message it quotes (they get it without the quote).
 */
const BLOCKERS = `
         coalesce((SELECT array_agg(b.blocker_id) FROM user_blocks b WHERE b.blocked_id = g.author_id), '{}') AS author_blockers,
         coalesce((SELECT array_agg(b.blocker_id) FROM user_blocks b WHERE b.blocked_id = r.author_id), '{}') AS quote_blockers,`;

/**
 * One message, `$1`, with the reactions its author gave and the people who blocked its author or the
 * quoted one: all a broadcast of it needs, in one round trip, read at the same moment. Everyone
 * else's view is the same row with no reaction marked theirs (toMessage with no viewer).
 */
export const MESSAGE_AS_AUTHOR = `${messageSelect('g.author_id', BLOCKERS)} WHERE g.id = $1`;

/**
 * Stores a message with its space's next number: `$1` space, `$2` clientId, `$3` author, `$4` body,
 * `$5` reply target, `$6` moderation state. Inserts nothing when this person already stored this
 * clientId in this space (a resend: the unique index decides, so racing resends are safe).
 */
const INSERT_MESSAGE_CTE = `WITH next AS (UPDATE spaces SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq),
  inserted AS (INSERT INTO messages (space_id, seq, client_id, author_id, body, reply_to_id, moderation_state)
               SELECT $1, next.last_seq, $2, $3, $4, $5, $6 FROM next
               ON CONFLICT (space_id, author_id, client_id) DO NOTHING RETURNING *)`;

/** The stored message's id; no row for a resend. */
export const INSERT_MESSAGE = `${INSERT_MESSAGE_CTE} SELECT id FROM inserted`;

/**
 * The members of space `space` whose folded username is in `keys` (both SQL: a parameter or a
 * column): the people a message there can mention.
 */
export const mentionableSql = (space: string, keys: string) =>
  `SELECT u.id FROM users u JOIN space_members sm ON sm.user_id = u.id AND sm.space_id = ${space} WHERE u.username_key = ANY(${keys}::text[])`;

/**
 * The insert and MESSAGE_AS_AUTHOR's row of what it stored, in one round trip; no row for a resend.
 * The statement's reads see the database from before the insert, which is all of it for a message
 * with no mentions and no review item.
 */
export const INSERT_MESSAGE_AS_AUTHOR = `${INSERT_MESSAGE_CTE} ${messageSelect('g.author_id', BLOCKERS, 'inserted')}`;

/**
 * INSERT_MESSAGE_AS_AUTHOR for many messages at once, one element of each array per message: `$1`
 * spaces, `$2` clientIds, `$3` authors, `$4` bodies, `$5` reply targets, `$6` moderation states.
 * Answers one row per message, in their order: MESSAGE_AS_AUTHOR's columns of what it stored, all
 * NULL for a resend of a message stored before, which stores nothing (a send twice in the same
 * batch gets the stored row twice: the repository answers the second as a resend). Each space's
 * number goes up once by how many of its messages there are, and they take the new numbers in
 * their order. Every space row is locked through `locked`, in the order of their ids, so that two
 * such statements (two batches, two API processes) wait for each other rather than deadlock.
 */
export const INSERT_MESSAGES_AS_AUTHOR = `WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::text[]) WITH ORDINALITY
             AS i(space_id, client_id, author_id, body, reply_to_id, moderation_state, ord)),
  locked AS (SELECT id FROM spaces WHERE id IN (SELECT space_id FROM input) ORDER BY id FOR NO KEY UPDATE),
  next AS (UPDATE spaces s SET last_seq = s.last_seq + c.n
             FROM (SELECT i.space_id, count(*) AS n FROM input i JOIN locked l ON l.id = i.space_id GROUP BY i.space_id) c
            WHERE s.id = c.space_id RETURNING s.id, s.last_seq - c.n AS base),
  inserted AS (INSERT INTO messages (space_id, seq, client_id, author_id, body, reply_to_id, moderation_state)
               SELECT i.space_id, next.base + row_number() OVER (PARTITION BY i.space_id ORDER BY i.ord), i.client_id,
                      i.author_id, i.body, i.reply_to_id, i.moderation_state
                 FROM input i JOIN next ON next.id = i.space_id ORDER BY i.ord
               ON CONFLICT (space_id, author_id, client_id) DO NOTHING RETURNING *),
  stored AS (${messageSelect('g.author_id', BLOCKERS, 'inserted')})
  SELECT stored.*
    FROM input i
    LEFT JOIN stored ON stored.space_id = i.space_id AND stored.author_id = i.author_id AND stored.client_id = i.client_id
   ORDER BY i.ord`;

/**
 * INSERT_MESSAGE_AS_AUTHOR for a message that mentions people (`$7`, their folded usernames; only
 * members are recorded): its mentions are stored in the same statement, and the row's mentions are
 * read from what the statement itself inserted. A statement of its own: the extra insert cost
 * every plain send too (chat-rooms at 700 sends/s, docs/benchmarks.md, 7 December 2026).
 */
export const INSERT_MESSAGE_WITH_MENTIONS_AS_AUTHOR = `${INSERT_MESSAGE_CTE},
  mentioned AS (INSERT INTO message_mentions (message_id, user_id)
                SELECT inserted.id, m.id FROM inserted, (${mentionableSql('$1', '$7')}) m
                ON CONFLICT DO NOTHING RETURNING message_id, user_id)
  ${messageSelect('g.author_id', BLOCKERS, 'inserted', 'mentioned')}`;

/** The chat policy's predicates (chat.policy.ts), for viewer `$1`: blocked people and held messages left out. */
const NOT_BLOCKED = messageNotBlockedSql();
const NOT_HELD = messageNotHeldSql();


/**
 * Newest first, from the newest or before a sequence number (exclusive). Two statements rather than
 * `$3 IS NULL OR seq < $3`, so each can be a prepared statement whose one plan seeks the index. Each
 * reads up to `pageLimit(limit)` messages (page-limit.ts): keep the first `limit` (`firstRows`).
 */
const historyNewest = statementPerPageLimit((n) => messageList(`g.space_id = $2 AND ${NOT_BLOCKED} AND ${NOT_HELD}`, 'g.seq DESC', n));
const historyBefore = statementPerPageLimit((n) => messageList(`g.space_id = $2 AND g.seq < $3 AND ${NOT_BLOCKED} AND ${NOT_HELD}`, 'g.seq DESC', n));
const since = statementPerPageLimit((n) => messageList(`g.space_id = $2 AND g.seq > $3 AND ${NOT_BLOCKED} AND ${NOT_HELD}`, 'g.seq ASC', n));

/** The statement and parameters for one page of a space's history; `$1` is the viewer. */
export function messageHistoryQuery(viewerId: string, spaceId: string, beforeSeq: number | null, limit: number): { text: string; params: unknown[] } {
  return beforeSeq === null
    ? { text: historyNewest(limit), params: [viewerId, spaceId] }
    : { text: historyBefore(limit), params: [viewerId, spaceId, beforeSeq] };
}

/** Oldest first, after a sequence number (exclusive): the catch-up after a reconnect. Up to `pageLimit(limit)` messages, as above. */
export function messagesSinceQuery(viewerId: string, spaceId: string, afterSeq: number, limit: number): { text: string; params: unknown[] } {
  return { text: since(limit), params: [viewerId, spaceId, afterSeq] };
}
