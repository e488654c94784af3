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
   * names or text. City and language are the mentee's own, self-declared ones. "Time to first
   * reply" is from the request to the match starting (the asked person's yes).
   */
  async facts(organizationId: string): Promise<MatchFact[]> {
    const rows: { mentee_id: string; mentor_id: string; city: string | null; language: string | null; started_at: Date | null; ended_at: Date | null; reply_hours: number | null }[] =
      await this.db.query(
        `SELECT mm.mentee_id, mm.mentor_id, p.city, p.languages[1] AS language, mm.started_at, mm.ended_at,
                CASE WHEN mm.started_at IS NULL THEN NULL ELSE extract(epoch FROM mm.started_at - mm.created_at) / 3600 END::float8 AS reply_hours
           FROM mentoring_matches mm LEFT JOIN mentoring_profiles p ON p.user_id = mm.mentee_id
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
      startedAt: r.started_at,
      endedAt: r.ended_at,
      firstReplyHours: r.reply_hours === null ? null : Number(r.reply_hours),
    }));
  }
}
