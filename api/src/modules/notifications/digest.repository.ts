import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { messageReadableSql } from '../chat/chat.policy.js';
import { spaceReaderSql } from '../spaces/spaces.policy.js';

/** Spaces one digest names at most, the busiest first. */
export const DIGEST_MAX_SPACES = 5;

/**
 * The weekly digest's SQL. One statement writes the digests of up to `$1` people after id `$2`
 * (a step's bound; the sweep goes on after the last one): people away
 * all week (last active more than 7 days ago) but not gone (within a year), each with the counts of
 * messages from the last 7 days they may read now, in the group spaces they did not set to
 * "nothing". The dedupe key is the ISO week, so any number of processes and sweeps write one.
 */
const WRITE_DIGESTS = `
WITH week AS (SELECT 'digest:' || to_char(now(), 'IYYY-"W"IW') AS key),
people AS (
  SELECT u.id FROM users u JOIN user_activity ua ON ua.user_id = u.id
   WHERE u.status = 'active'
     AND ua.last_active_at < now() - interval '7 days'
     AND ua.last_active_at > now() - interval '365 days'
     AND ($2::uuid IS NULL OR u.id > $2::uuid)
     AND NOT EXISTS (SELECT 1 FROM notifications d WHERE d.user_id = u.id AND d.dedupe_key = (SELECT key FROM week))
   ORDER BY u.id LIMIT $1
),
counts AS (
  SELECT p.id AS user_id, g.space_id, count(*)::int AS messages
    FROM people p
    JOIN space_members sm ON sm.user_id = p.id
    JOIN spaces s ON s.id = sm.space_id AND s.kind <> 'direct'
    JOIN messages g ON g.space_id = sm.space_id AND g.created_at > now() - interval '7 days'
   WHERE g.author_id IS DISTINCT FROM p.id AND ${messageReadableSql('g', 'p.id')}
     AND NOT EXISTS (SELECT 1 FROM notification_space_levels l WHERE l.user_id = p.id AND l.space_id = g.space_id AND l.level = 'none')
   GROUP BY p.id, g.space_id
),
ranked AS (SELECT c.*, row_number() OVER (PARTITION BY c.user_id ORDER BY c.messages DESC, c.space_id) AS k FROM counts c),
n AS (
  INSERT INTO notifications (user_id, kind, data, dedupe_key)
  SELECT user_id, 'digest.weekly',
         jsonb_build_object('week', substr((SELECT key FROM week), 8),
                            'spaces', jsonb_agg(jsonb_build_object('spaceId', space_id, 'messages', messages) ORDER BY k)),
         (SELECT key FROM week)
    FROM ranked WHERE k <= ${DIGEST_MAX_SPACES} GROUP BY user_id
  ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
  RETURNING id, user_id
),
d AS (
  INSERT INTO notification_deliveries (notification_id, user_id, channel, batch_key, available_at)
  SELECT id, user_id, 'in_app', NULL, now() FROM n RETURNING 1
)
SELECT (SELECT count(*)::int FROM n) AS written, (SELECT count(*)::int FROM people) AS looked_at, (SELECT max(id::text) FROM people) AS last_id`;

/** For showing a digest: which of its spaces the reader may read now, under their current names. */
const READABLE_SPACES = `SELECT s.id, s.name, s.slug FROM spaces s WHERE s.id = ANY($2::uuid[]) AND ${spaceReaderSql('$1::uuid', 's.id')}`;

@Injectable()
export class DigestRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One step of a sweep: answers how many digests it wrote, how many people it looked at, and the last one. */
  async writeDigests(limit: number, after: string | null): Promise<{ written: number; lookedAt: number; lastId: string | null }> {
    const [row]: { written: number; looked_at: number; last_id: string | null }[] = await this.db.query(WRITE_DIGESTS, [limit, after]);
    return { written: row.written, lookedAt: row.looked_at, lastId: row.last_id };
  }

  async readableSpaces(userId: string, spaceIds: string[]): Promise<Map<string, { name: string; slug: string }>> {
    if (!spaceIds.length) return new Map();
    const rows: { id: string; name: string; slug: string }[] = await this.db.query(READABLE_SPACES, [userId, spaceIds]);
    return new Map(rows.map((r) => [r.id, { name: r.name, slug: r.slug }]));
  }
}
