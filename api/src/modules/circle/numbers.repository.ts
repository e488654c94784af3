import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { MatchFact } from './numbers.js';

/** At most this many matches feed one organisation's numbers: the work stays bounded. */
const MAX_FACTS = 20_000;

@Injectable()
export class NumbersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The organisation's matches (suggested by it, or with one of its mentors), as facts without
   * names or text. City and language are the mentee's own, self-declared ones.
   *
   * "Time to first reply" is measured from the match's conversation: the mentor's first message
   * after the request, counted from the request, or from the mentee's first message when the
   * mentee wrote first. Only times (never text) are read; a conversation that existed before the
   * match counts from the request on. No message from the mentor yet: no reply to count.
   */
  async facts(organizationId: string): Promise<MatchFact[]> {
    const rows: { mentee_id: string; mentor_id: string; city: string | null; language: string | null; requested_at: Date; started_at: Date | null; ended_at: Date | null; reply_hours: number | null }[] =
      await this.db.query(
        `SELECT mm.mentee_id, mm.mentor_id, p.city, p.languages[1] AS language, mm.created_at AS requested_at, mm.started_at, mm.ended_at,
                (extract(epoch FROM w.mentor_first - CASE WHEN w.mentee_first < w.mentor_first THEN w.mentee_first ELSE mm.created_at END) / 3600)::float8 AS reply_hours
           FROM mentoring_matches mm
           LEFT JOIN mentoring_profiles p ON p.user_id = mm.mentee_id
           LEFT JOIN conversations c ON c.id = mm.conversation_id
           LEFT JOIN LATERAL (
             SELECT (SELECT min(g.created_at) FROM messages g WHERE g.space_id = c.space_id AND g.author_id = mm.mentor_id AND g.created_at >= mm.created_at) AS mentor_first,
                    (SELECT min(g.created_at) FROM messages g WHERE g.space_id = c.space_id AND g.author_id = mm.mentee_id AND g.created_at >= mm.created_at) AS mentee_first
           ) w ON c.id IS NOT NULL
          WHERE mm.suggested_by_organization_id = $1
             OR mm.mentor_id IN (SELECT user_id FROM organization_mentors WHERE organization_id = $1)
          ORDER BY mm.created_at DESC LIMIT ${MAX_FACTS}`,
        [organizationId],
      );
    return rows.map((r) => ({
      menteeId: r.mentee_id,
      mentorId: r.mentor_id,
      city: r.city,
      language: r.language,
      requestedAt: r.requested_at,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      firstReplyHours: r.reply_hours === null ? null : Number(r.reply_hours),
    }));
  }
}
