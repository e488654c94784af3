import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { FeedbackQuestion } from '@sorstars/shared';
import { returning } from '../../../core/database/returning.js';

export interface FormRow {
  event_id: string;
  questions: FeedbackQuestion[];
  opens_at: Date;
  closes_at: Date;
}

export interface AnswerWrite {
  usefulness: number | null;
  willUse: string | null;
  missing: string | null;
  recommend: boolean | null;
}

/**
 * Feedback forms, answers, single-use codes and who has answered. Answers hold no person and no
 * time finer than the day; the respondents table says only that someone answered, and no query
 * here ever reads both.
 */
@Injectable()
export class EventFeedbackRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async form(eventId: string): Promise<FormRow | null> {
    const rows = await this.db.query(`SELECT event_id, questions, opens_at, closes_at FROM event_feedback_forms WHERE event_id = $1`, [eventId]);
    return rows[0] ?? null;
  }

  async saveForm(eventId: string, questions: FeedbackQuestion[], opensAt: Date, closesAt: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO event_feedback_forms (event_id, questions, opens_at, closes_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (event_id) DO UPDATE SET questions = EXCLUDED.questions, opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at, updated_at = now()`,
      [eventId, questions, opensAt, closesAt],
    );
  }

  /** Records that the person answered; false when they had already. */
  async markRespondent(m: EntityManager, eventId: string, userId: string): Promise<boolean> {
    const rows = await m.query(`INSERT INTO event_feedback_respondents (event_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [eventId, userId]);
    return rows.length > 0;
  }

  async hasAnswered(eventId: string, userId: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM event_feedback_respondents WHERE event_id = $1 AND user_id = $2`, [eventId, userId])).length > 0;
  }

  /** Uses up a code; false when it is unknown, another event's, or used. */
  async useCode(m: EntityManager, eventId: string, codeHash: string): Promise<boolean> {
    const rows = await returning(m, `UPDATE event_feedback_codes SET used = true WHERE code_hash = $1 AND event_id = $2 AND NOT used RETURNING 1`, [codeHash, eventId]);
    return rows.length > 0;
  }

  async code(eventId: string, codeHash: string): Promise<{ used: boolean } | null> {
    const rows = await this.db.query(`SELECT used FROM event_feedback_codes WHERE code_hash = $1 AND event_id = $2`, [codeHash, eventId]);
    return rows[0] ?? null;
  }

  async codeCount(eventId: string): Promise<number> {
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM event_feedback_codes WHERE event_id = $1`, [eventId]);
    return n;
  }

  async addCodes(eventId: string, hashes: string[]): Promise<void> {
    await this.db.query(`INSERT INTO event_feedback_codes (code_hash, event_id) SELECT unnest($2::text[]), $1`, [eventId, hashes]);
  }

  async insertAnswer(m: EntityManager, eventId: string, a: AnswerWrite): Promise<void> {
    await m.query(
      `INSERT INTO event_feedback_answers (event_id, usefulness, will_use, missing, recommend) VALUES ($1, $2, $3, $4, $5)`,
      [eventId, a.usefulness, a.willUse, a.missing, a.recommend],
    );
  }

  /** Counts and the distribution in SQL; the free text as it is (the caller shuffles it). */
  async aggregates(eventId: string) {
    const [totals] = await this.db.query(
      `SELECT count(*)::int AS answered,
              count(usefulness)::int AS usefulness_count,
              avg(usefulness)::float AS usefulness_mean,
              count(*) FILTER (WHERE recommend)::int AS recommend_yes,
              count(*) FILTER (WHERE NOT recommend)::int AS recommend_no
         FROM event_feedback_answers WHERE event_id = $1`,
      [eventId],
    );
    const distribution: { usefulness: number; n: number }[] = await this.db.query(
      `SELECT usefulness, count(*)::int AS n FROM event_feedback_answers WHERE event_id = $1 AND usefulness IS NOT NULL GROUP BY usefulness`,
      [eventId],
    );
    return { totals: totals as { answered: number; usefulness_count: number; usefulness_mean: number | null; recommend_yes: number; recommend_no: number }, distribution };
  }

  async texts(eventId: string): Promise<{ will_use: string | null; missing: string | null }[]> {
    return this.db.query(`SELECT will_use, missing FROM event_feedback_answers WHERE event_id = $1 AND (will_use IS NOT NULL OR missing IS NOT NULL)`, [eventId]);
  }
}
