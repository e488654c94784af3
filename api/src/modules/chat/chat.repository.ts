import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { withoutQuote, type Message, type MessageReaction } from '@sorstars/shared';
import { returning } from '../../core/database/returning.js';
import { INSERT_MESSAGE, INSERT_MESSAGE_AS_AUTHOR, INSERT_MESSAGES_AS_AUTHOR, INSERT_MESSAGE_WITH_MENTIONS_AS_AUTHOR, MESSAGE_AS_AUTHOR, MESSAGE_SELECT, mentionableSql, messageHistoryQuery, messagesSinceQuery } from './message-queries.sql.js';
import { prepared } from '../../core/database/prepared.js';
import { firstRows } from '../../core/database/page-limit.js';
import { DATABASE_HANDLE, type DatabaseHandle } from '../../core/database/database.js';
import { OwnConnections } from '../../core/database/generic-plans.js';

interface MessageRow {
  id: string;
  space_id: string;
  seq: string;
  client_id: string;
  author_id: string | null;
  author_username: string | null;
  author_display_name: string | null;
  author_name_lookalike: boolean | null;
  body: string;
  reply_to_id: string | null;
  reply_author_id: string | null;
  reply_author_username: string | null;
  reply_author_display_name: string | null;
  reply_author_name_lookalike: boolean | null;
  reply_body: string | null;
  reply_deleted: boolean | null;
  /** Whether the viewer the row was read for blocked the quoted author. */
  reply_author_blocked: boolean;
  mentions: string[];
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  reactions: { kind: MessageReaction; count: number; mine: boolean }[];
  moderation_state: 'visible' | 'pending' | 'hidden' | 'removed';
  moderation_reason: string | null;
}

/** What a write needs to know about the message it touches. */
export interface MessageMeta {
  id: string;
  space_id: string;
  author_id: string | null;
  body: string;
  deleted_at: Date | null;
  moderation_state: MessageRow['moderation_state'];
}

const EXCERPT = 140;
const user = (id: string | null, username: string | null, displayName: string | null, nameLookalike: boolean | null) =>
  id && username ? { id, username, displayName, nameLookalike: !!nameLookalike } : null;

/** With who blocked its author and who blocked the author it quotes. */
type MessageRowWithBlockers = MessageRow & { author_blockers: string[]; quote_blockers: string[] };

/**
 * A message as one viewer sees it (the viewer the row was read for, or nobody in particular).
 * Hidden or removed messages keep their place as a tombstone; only their author still sees the
 * words, and the reason for a removal. A quote of someone the viewer blocked keeps only its place.
 */
export function toMessage(r: MessageRow, viewerId: string | null): Message {
  const moderated = r.moderation_state !== 'visible';
  const own = viewerId !== null && viewerId === r.author_id;
  const deleted = r.deleted_at !== null || (moderated && !own);
  const message: Message = {
    id: r.id,
    spaceId: r.space_id,
    seq: Number(r.seq),
    clientId: r.client_id,
    author: user(r.author_id, r.author_username, r.author_display_name, r.author_name_lookalike),
    body: deleted ? '' : r.body,
    replyToId: r.reply_to_id,
    replyTo: r.reply_to_id
      ? {
          id: r.reply_to_id,
          author: user(r.reply_author_id, r.reply_author_username, r.reply_author_display_name, r.reply_author_name_lookalike),
          excerpt: r.reply_deleted ? '' : (r.reply_body ?? '').slice(0, EXCERPT),
          deleted: !!r.reply_deleted,
          blocked: false,
        }
      : null,
    mentions: deleted ? [] : r.mentions,
    createdAt: r.created_at.toISOString(),
    editedAt: r.edited_at?.toISOString() ?? null,
    deletedAt: r.deleted_at?.toISOString() ?? null,
    reactions: deleted ? [] : r.reactions,
    moderation: moderated ? { state: r.moderation_state as 'pending' | 'hidden' | 'removed', reason: own ? r.moderation_reason : null } : null,
  };
  return viewerId !== null && r.reply_author_blocked ? withoutQuote(message) : message;
}

/** The hottest read: every send answers and broadcasts the stored message. */
const MESSAGE_BY_ID = prepared(`${MESSAGE_SELECT} WHERE g.id = $2`);
const MESSAGE_BY_ID_AS_AUTHOR = prepared(MESSAGE_AS_AUTHOR);
const STORE_MESSAGE = prepared(INSERT_MESSAGE);

/**
 * A message as everyone but its author sees it, as its author does, who blocked its author, and who
 * blocked the author it quotes.
 */
export interface MessageViews {
  public: Message;
  author: Message | null;
  authorBlockers: string[];
  quoteBlockers: string[];
}

/** What `send` stores: one new message. */
export interface NewMessage {
  spaceId: string;
  authorId: string;
  clientId: string;
  body: string;
  replyToId: string | null;
  held: boolean;
}

const insertParams = (msg: NewMessage) => [msg.spaceId, msg.clientId, msg.authorId, msg.body, msg.replyToId, msg.held ? 'pending' : 'visible'];

function viewsOf(row: MessageRowWithBlockers): MessageViews {
  const seen = toMessage(row, null);
  return {
    public: { ...seen, reactions: seen.reactions.map((r) => ({ ...r, mine: false })) },
    author: row.author_id ? toMessage(row, row.author_id) : null,
    authorBlockers: row.author_blockers,
    quoteBlockers: row.quote_blockers,
  };
}

/**
 * Plain sends are stored through a line of their own (chat.service.ts, insert-batcher.ts): this many
 * statements out at once, on as many connections of their own, where a statement waits at most
 * `lockWaitMs` for a lock. A message's space row is locked while its number is taken; held by a long
 * transaction (an account's erasure, which archives its spaces and lets go of every space the
 * person created), a statement would otherwise wait for as long, and every plain send of the
 * process behind it. Given up, the space's sends are refused with BUSY for a moment
 * (chat.service.ts) and the line goes on. Other sends' statements hold a space's lock for a few
 * milliseconds, a few tens on a saturated machine: 200 ms is past what they cause. Sends that
 * mention someone are stored one a statement beside the line, on `apart` connections of their own
 * with the same bound. Sends held for review go through the main pool, in a transaction with the
 * same bound (`transactionWaitingBriefly`).
 */
export const SEND_LINE = { statements: 2, apart: 4, lockWaitMs: 200 };

@Injectable()
export class ChatRepository implements OnApplicationShutdown {
  private readonly sendLine: OwnConnections;
  private readonly sendApart: OwnConnections;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DATABASE_HANDLE) database: DatabaseHandle,
  ) {
    // Generic plans: query-plans.e2e-spec.ts checks that the three statements' reach messages by index.
    const bounded = { lock_timeout: `${SEND_LINE.lockWaitMs}ms` };
    this.sendLine = new OwnConnections(db, database, SEND_LINE.statements, 'sorstars-send-line', bounded);
    this.sendApart = new OwnConnections(db, database, SEND_LINE.apart, 'sorstars-send-apart', bounded);
  }

  /** Sends still stored after the servers stop go through the main pool. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.sendLine.close(), this.sendApart.close()]);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * `transaction`, its statements waiting at most `SEND_LINE.lockWaitMs` for a lock as the send
   * line's do: for a send held for review, stored on the main pool, so that a space row another
   * session holds for long does not hold one of the pool's connections for as long.
   */
  transactionWaitingBriefly<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (m) => {
      await m.query(`SET LOCAL lock_timeout = '${SEND_LINE.lockWaitMs}ms'`);
      return work(m);
    });
  }

  async byId(viewerId: string | null, id: string, m: EntityManager = this.db.manager): Promise<Message | null> {
    const rows: MessageRow[] = await m.query(MESSAGE_BY_ID, [viewerId, id]);
    return rows[0] ? toMessage(rows[0], viewerId) : null;
  }

  /**
   * One read, two views: as everyone but its author sees it (no reaction marked as theirs) and as
   * its author does (their words while held, the moderators' reason, their own reactions, no quote
   * of someone they blocked); and who blocked the author or the quoted author.
   */
  async publicAndAuthorViews(id: string): Promise<MessageViews | null> {
    const rows: MessageRowWithBlockers[] = await this.db.query(MESSAGE_BY_ID_AS_AUTHOR, [id]);
    return rows[0] ? viewsOf(rows[0]) : null;
  }

  /** The raw row a write needs: who wrote it, in which space, whether it is gone. */
  async meta(id: string, m: EntityManager = this.db.manager) {
    const rows = await m.query(`SELECT id, space_id, author_id, body, deleted_at, moderation_state FROM messages WHERE id = $1`, [id]);
    return (rows[0] ?? null) as MessageMeta | null;
  }

  /** Newest first, before a message (exclusive). */
  async history(viewerId: string, spaceId: string, beforeSeq: number | null, limit: number): Promise<Message[]> {
    const { text, params } = messageHistoryQuery(viewerId, spaceId, beforeSeq, limit);
    const rows: MessageRow[] = await this.db.query(prepared(text), params);
    return firstRows(rows, limit).map((r) => toMessage(r, viewerId));
  }

  /** Oldest first, after a sequence number (exclusive): the catch-up after a reconnect. */
  async since(viewerId: string, spaceId: string, afterSeq: number, limit: number): Promise<Message[]> {
    const { text, params } = messagesSinceQuery(viewerId, spaceId, afterSeq, limit);
    const rows: MessageRow[] = await this.db.query(prepared(text), params);
    return firstRows(rows, limit).map((r) => toMessage(r, viewerId));
  }

  async seqOf(spaceId: string, messageId: string): Promise<number | null> {
    const rows = await this.db.query(`SELECT seq FROM messages WHERE id = $1 AND space_id = $2`, [messageId, spaceId]);
    return rows[0] ? Number(rows[0].seq) : null;
  }

  async lastMessage(spaceId: string): Promise<{ id: string; seq: number } | null> {
    const rows = await this.db.query(`SELECT id, seq FROM messages WHERE space_id = $1 ORDER BY seq DESC LIMIT 1`, [spaceId]);
    return rows[0] ? { id: rows[0].id, seq: Number(rows[0].seq) } : null;
  }

  /** The message this person already stored under this clientId in this space, if any. */
  async findByClientId(m: EntityManager, spaceId: string, authorId: string, clientId: string): Promise<string | null> {
    const rows = await m.query(
      prepared(`SELECT id FROM messages WHERE space_id = $1 AND author_id = $2 AND client_id = $3`),
      [spaceId, authorId, clientId],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Stores a message with its space's next number, in one statement; null when this person already
   * stored this clientId in this space (a resend: the unique index decides, so racing resends are safe).
   * A resend still uses up a number: numbers only order messages, a gap means nothing.
   */
  async insert(m: EntityManager, msg: NewMessage): Promise<string | null> {
    const rows = await m.query(STORE_MESSAGE, insertParams(msg));
    return rows[0]?.id ?? null;
  }

  /**
   * `insert`, `insertMentions` and `publicAndAuthorViews` in one round trip, for a message with no
   * review item that mentions someone, beside the send line (`SEND_LINE`); null for a resend, as
   * `insert`.
   */
  async insertMentioningWithViews(msg: NewMessage, mentionedKeys: string[]): Promise<MessageViews | null> {
    const rows = await this.sendApart.query<MessageRowWithBlockers>(INSERT_MESSAGE_WITH_MENTIONS_AS_AUTHOR, [...insertParams(msg), mentionedKeys]);
    return rows[0] ? viewsOf(rows[0]) : null;
  }

  /** `insertMentioningWithViews` with no mentions, through the send line (`SEND_LINE`). */
  async insertInLine(msg: NewMessage): Promise<MessageViews | null> {
    const rows = await this.sendLine.query<MessageRowWithBlockers>(INSERT_MESSAGE_AS_AUTHOR, insertParams(msg));
    return rows[0] ? viewsOf(rows[0]) : null;
  }

  /**
   * `insertInLine` for many messages in one statement, answered in their order: each one's views,
   * or null for a resend.
   */
  async insertManyInLine(msgs: NewMessage[]): Promise<(MessageViews | null)[]> {
    const columns = msgs.map(insertParams);
    const rows = await this.sendLine.query<MessageRowWithBlockers>(
      INSERT_MESSAGES_AS_AUTHOR,
      columns[0].map((_, c) => columns.map((row) => row[c])),
    );
    const answered = new Set<string>();
    return rows.map((row) => {
      // The same send twice in one batch is stored once: the second is a resend.
      if (row.id === null || answered.has(row.id)) return null;
      answered.add(row.id);
      return viewsOf(row);
    });
  }

  /** Outside a transaction: one statement is atomic by itself. */
  get manager(): EntityManager {
    return this.db.manager;
  }

  async insertMentions(m: EntityManager, messageId: string, spaceId: string, usernameKeys: string[]): Promise<void> {
    if (!usernameKeys.length) return;
    await m.query(
      `INSERT INTO message_mentions (message_id, user_id) SELECT $1, m.id FROM (${mentionableSql('$2', '$3')}) m ON CONFLICT DO NOTHING`,
      [messageId, spaceId, usernameKeys],
    );
  }

  async replaceMentions(m: EntityManager, messageId: string, spaceId: string, usernameKeys: string[]): Promise<void> {
    await m.query(`DELETE FROM message_mentions WHERE message_id = $1`, [messageId]);
    await this.insertMentions(m, messageId, spaceId, usernameKeys);
  }

  /** Keeps what the message said before, so evidence of harm does not vanish with an edit. */
  async recordRevision(m: EntityManager, messageId: string, previousBody: string, kind: 'edit' | 'delete'): Promise<void> {
    await m.query(`INSERT INTO message_edits (message_id, previous_body, kind) VALUES ($1, $2, $3)`, [messageId, previousBody, kind]);
  }

  async setBody(m: EntityManager, messageId: string, body: string): Promise<void> {
    await m.query(`UPDATE messages SET body = $2, edited_at = now() WHERE id = $1`, [messageId, body]);
  }

  /** An edit that a watched word holds: the message waits for a moderator again. */
  async hold(m: EntityManager, messageId: string): Promise<void> {
    await m.query(`UPDATE messages SET moderation_state = 'pending' WHERE id = $1`, [messageId]);
  }

  async markDeleted(m: EntityManager, messageId: string): Promise<void> {
    await m.query(`UPDATE messages SET body = '', deleted_at = now() WHERE id = $1`, [messageId]);
  }

  async revisions(messageId: string) {
    return this.db.query(
      `SELECT previous_body, kind, created_at FROM message_edits WHERE message_id = $1 ORDER BY created_at`,
      [messageId],
    ) as Promise<{ previous_body: string; kind: 'edit' | 'delete'; created_at: Date }[]>;
  }

  /** Adds the reaction, or takes it back if it was there. */
  async toggleReaction(messageId: string, userId: string, kind: MessageReaction): Promise<void> {
    const removed = await returning(
      this.db,
      `DELETE FROM message_reactions WHERE message_id = $1 AND user_id = $2 AND kind = $3 RETURNING kind`,
      [messageId, userId, kind],
    );
    if (!removed.length) {
      await this.db.query(
        `INSERT INTO message_reactions (message_id, user_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [messageId, userId, kind],
      );
    }
  }

  /** People who blocked this author: broadcasts skip their sockets. */
  async blockersOf(authorId: string): Promise<string[]> {
    const rows: { blocker_id: string }[] = await this.db.query(prepared(`SELECT blocker_id FROM user_blocks WHERE blocked_id = $1`), [authorId]);
    return rows.map((r) => r.blocker_id);
  }
}
