import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  FEEDBACK_MAX_DELAY_DAYS,
  FEEDBACK_MAX_OPEN_DAYS,
  FEEDBACK_MIN_ANSWERS,
  FEEDBACK_QUESTIONS,
  type FeedbackAnswerInput,
  type FeedbackFormInput,
  type FeedbackFormView,
  type FeedbackQuestion,
  type FeedbackSummary,
} from '@sorstars/shared';
import type { AuthUser } from '../../../core/auth/auth-user.js';
import { randomSecret, sha256 } from '../../../core/auth/secrets.js';
import { AppError } from '../../../core/errors/app-error.js';
import { EventsService } from '../events.service.js';
import { EventFeedbackRepository, type FormRow } from './event-feedback.repository.js';

const DAY = 86_400_000;
/** Codes one event may have in all: enough for a large conference, not a way to fill the disk. */
export const MAX_CODES_PER_EVENT = 2000;

/** Fisher–Yates with a CSPRNG: the order of free-text answers says nothing about who wrote first. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const isOpen = (form: FormRow, now = Date.now()) => form.opens_at.getTime() <= now && now < form.closes_at.getTime();

/**
 * Feedback after an event, anonymous by design: an answer carries no person and no time finer than
 * the day, and results are shown only as aggregates once FEEDBACK_MIN_ANSWERS people answered.
 * Signed-in people answer once (a separate "has answered" record); people without an account
 * answer with a single-use code the organiser hands out.
 */
@Injectable()
export class EventFeedbackService {
  constructor(
    private readonly events: EventsService,
    private readonly repo: EventFeedbackRepository,
  ) {}

  async setForm(user: AuthUser, eventId: string, input: FeedbackFormInput): Promise<FeedbackFormView> {
    const row = await this.events.managing(user, eventId);
    const opensAt = input.opensAt ? new Date(input.opensAt) : row.ends_at;
    const closesAt = new Date(input.closesAt);
    if (opensAt < row.starts_at || opensAt.getTime() > row.ends_at.getTime() + FEEDBACK_MAX_DELAY_DAYS * DAY) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'opensAt', message: 'validation.feedbackOpens' }]);
    }
    if (closesAt <= opensAt || closesAt.getTime() - opensAt.getTime() > FEEDBACK_MAX_OPEN_DAYS * DAY) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'closesAt', message: 'validation.feedbackCloses' }]);
    }
    const questions = FEEDBACK_QUESTIONS.filter((q) => input.questions.includes(q));
    await this.repo.saveForm(row.id, questions, opensAt, closesAt);
    return this.form(user, row.id);
  }

  /** The form as the caller sees it: to those who may see the event, or who hold one of its codes. */
  async form(user: AuthUser | undefined, eventId: string, code?: string): Promise<FeedbackFormView> {
    const codeRow = code ? await this.repo.code(eventId, sha256(code)) : null;
    if (!codeRow) await this.events.access(user, eventId);
    const form = await this.repo.form(eventId);
    if (!form) throw new AppError('FEEDBACK_NOT_FOUND');
    const answered = codeRow ? codeRow.used : user ? await this.repo.hasAnswered(eventId, user.id) : false;
    return { questions: form.questions, opensAt: form.opens_at.toISOString(), closesAt: form.closes_at.toISOString(), open: isOpen(form), answered };
  }

  async answer(user: AuthUser | undefined, eventId: string, input: FeedbackAnswerInput): Promise<{ ok: true }> {
    const codeHash = input.code ? sha256(input.code) : null;
    if (codeHash) {
      if (!(await this.repo.code(eventId, codeHash))) throw new AppError('VALIDATION_FAILED', [{ path: 'code', message: 'validation.feedbackCode' }]);
    } else {
      if (!user) throw new AppError('UNAUTHENTICATED');
      await this.events.access(user, eventId);
    }
    const form = await this.repo.form(eventId);
    if (!form) throw new AppError('FEEDBACK_NOT_FOUND');
    if (!isOpen(form)) throw new AppError('FEEDBACK_CLOSED');
    const answers = this.answersFor(form.questions, input);
    await this.repo.transaction(async (m) => {
      // A signed-in person who also holds a code uses both up: they answer once either way.
      const first = [
        ...(user ? [await this.repo.markRespondent(m, eventId, user.id)] : []),
        ...(codeHash ? [await this.repo.useCode(m, eventId, codeHash)] : []),
      ];
      if (first.includes(false)) throw new AppError('FEEDBACK_ALREADY_GIVEN');
      await this.repo.insertAnswer(m, eventId, answers);
    });
    return { ok: true };
  }

  /** `count` new single-use codes; they are shown once and kept only as hashes. */
  async createCodes(user: AuthUser, eventId: string, count: number): Promise<{ codes: string[] }> {
    const row = await this.events.managing(user, eventId);
    if (!(await this.repo.form(row.id))) throw new AppError('FEEDBACK_NOT_FOUND');
    if ((await this.repo.codeCount(row.id)) + count > MAX_CODES_PER_EVENT) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'count', message: 'validation.tooBig' }]);
    }
    const codes = Array.from({ length: count }, () => randomSecret(12));
    await this.repo.addCodes(row.id, codes.map(sha256));
    return { codes };
  }

  /** The results, for those who manage the event. */
  async summaryFor(user: AuthUser, eventId: string): Promise<FeedbackSummary> {
    const row = await this.events.managing(user, eventId);
    if (!(await this.repo.form(row.id))) throw new AppError('FEEDBACK_NOT_FOUND');
    return this.summary(row.id);
  }

  /** Whether the event has a feedback form at all (for other modules; no access check). */
  async hasForm(eventId: string): Promise<boolean> {
    return (await this.repo.form(eventId)) !== null;
  }

  /**
   * For other modules (the event report): aggregates only, and nothing but the count below
   * FEEDBACK_MIN_ANSWERS answers. No access check: the caller has made its own.
   */
  async summary(eventId: string): Promise<FeedbackSummary> {
    const form = await this.repo.form(eventId);
    const questions = form?.questions ?? [];
    const { totals, distribution } = await this.repo.aggregates(eventId);
    const empty = { answered: totals.answered, enough: false, questions, usefulness: null, recommend: null, willUse: [], missing: [] };
    if (totals.answered < FEEDBACK_MIN_ANSWERS) return empty;
    const texts = await this.repo.texts(eventId);
    const counts = [1, 2, 3, 4, 5].map((v) => distribution.find((d) => Number(d.usefulness) === v)?.n ?? 0);
    return {
      ...empty,
      enough: true,
      usefulness: questions.includes('usefulness')
        ? { count: totals.usefulness_count, mean: totals.usefulness_mean === null ? null : Math.round(totals.usefulness_mean * 10) / 10, distribution: counts }
        : null,
      recommend: questions.includes('recommend') ? { yes: totals.recommend_yes, no: totals.recommend_no } : null,
      willUse: shuffled(texts.map((t) => t.will_use).filter((t): t is string => !!t)),
      missing: shuffled(texts.map((t) => t.missing).filter((t): t is string => !!t)),
    };
  }

  /** Only the form's questions may be answered, and at least one of them must be. */
  private answersFor(questions: FeedbackQuestion[], input: FeedbackAnswerInput) {
    const given = FEEDBACK_QUESTIONS.filter((q) => input[q] !== undefined && input[q] !== '');
    const extra = given.find((q) => !questions.includes(q));
    if (extra) throw new AppError('VALIDATION_FAILED', [{ path: extra, message: 'validation.invalidValue' }]);
    if (!given.length) throw new AppError('VALIDATION_FAILED', [{ path: questions[0], message: 'validation.required' }]);
    return {
      usefulness: input.usefulness ?? null,
      willUse: input.willUse || null,
      missing: input.missing || null,
      recommend: input.recommend ?? null,
    };
  }
}
