import { Injectable } from '@nestjs/common';
import {
  MENTOR_CAPACITY_DEFAULT,
  type AgreementInput,
  type CreateMatchInput,
  type MatchAction,
  type MatchActionInput,
  type MentoringAgreement,
  type MentoringMatch,
  type MentoringProfile,
  type MentoringProfileInput,
  type MentorSuggestion,
  type NotificationKind,
} from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { resolvePlace } from '../resources/places.js';
import { logger } from '../../core/logging/logger.js';
import { MatchConversations } from './match-conversations.js';
import { actionsFor, isExpired, REQUEST_TTL_MS, sideOf, transition, type MatchFacts } from './mentoring.policy.js';
import { MentoringRepository, type AgreementRow, type MatchRow, type ProfileRow } from './mentoring.repository.js';
import { whyOf } from './suggestion-reasons.js';

const DAY_MS = 24 * 60 * 60_000;
/** The first "is this still good for you?" comes after 4 weeks, then every 12 weeks. */
export const FIRST_CHECK_IN_MS = 28 * DAY_MS;
export const CHECK_IN_EVERY_MS = 84 * DAY_MS;
/** At most this many open mentors are weighed for one person's suggestions. */
const CANDIDATE_LIMIT = 200;
const SUGGESTIONS = 3;

const DEFAULT_PROFILE: Omit<ProfileRow, 'user_id'> = {
  role: 'none',
  languages: [],
  city: null,
  availability: null,
  experiences: [],
  about: null,
  capacity: MENTOR_CAPACITY_DEFAULT,
  open: false,
  visibility: 'members',
};

const facts = (r: MatchRow): MatchFacts => ({
  state: r.state,
  mentorId: r.mentor_id,
  menteeId: r.mentee_id,
  menteeAcceptedAt: r.mentee_accepted_at,
  mentorAcceptedAt: r.mentor_accepted_at,
  createdAt: r.created_at,
});

const NOTICE: Partial<Record<MatchAction, NotificationKind>> = {
  accept: 'mentoring.accepted',
  decline: 'mentoring.declined',
  pause: 'mentoring.paused',
  resume: 'mentoring.resumed',
  end: 'mentoring.ended',
};

@Injectable()
export class MentoringService {
  constructor(
    private readonly repo: MentoringRepository,
    private readonly notifications: NotificationsService,
    private readonly conversations: MatchConversations,
  ) {}

  async profile(user: AuthUser): Promise<MentoringProfile> {
    const row = (await this.repo.profile(user.id)) ?? { user_id: user.id, ...DEFAULT_PROFILE };
    const trained = await this.repo.trainedBy([user.id]);
    return this.toProfile(row, trained.get(user.id) ?? []);
  }

  /** Fields sent replace what was there; fields left out stay as they were. */
  async saveProfile(user: AuthUser, input: MentoringProfileInput): Promise<MentoringProfile> {
    const current = (await this.repo.profile(user.id)) ?? { user_id: user.id, ...DEFAULT_PROFILE };
    let city = current.city;
    if (input.city !== undefined) {
      if (input.city === '') city = null;
      else {
        const place = resolvePlace(input.city, user.locale);
        if (!place) throw new AppError('PLACE_NOT_FOUND', [{ path: 'city', message: 'PLACE_NOT_FOUND' }]);
        city = place.name;
      }
    }
    const blankToNull = (v: string | undefined, was: string | null) => (v === undefined ? was : v === '' ? null : v);
    await this.repo.saveProfile(user.id, {
      role: input.role ?? current.role,
      languages: input.languages ? [...new Set(input.languages)] : current.languages,
      city,
      availability: blankToNull(input.availability, current.availability),
      experiences: input.experiences ? [...new Set(input.experiences)] : current.experiences,
      about: blankToNull(input.about, current.about),
      capacity: input.capacity ?? current.capacity,
      open: input.open ?? current.open,
      visibility: input.visibility ?? current.visibility,
    });
    return this.profile(user);
  }

  /** Up to three open mentors with room, most in common first; each says why in plain words, never a score. */
  async suggestions(user: AuthUser): Promise<{ items: MentorSuggestion[] }> {
    const me = (await this.repo.profile(user.id)) ?? { user_id: user.id, ...DEFAULT_PROFILE };
    const candidates = await this.repo.candidates(user.id, CANDIDATE_LIMIT);
    const ranked = candidates
      .map((c, order) => ({ c, order, why: whyOf(me, c, user.locale) }))
      .sort((a, b) => b.why.shared - a.why.shared || a.order - b.order)
      .slice(0, SUGGESTIONS);
    const trained = await this.repo.trainedBy(ranked.map((r) => r.c.user_id));
    return {
      items: ranked.map(({ c, why }) => ({
        userId: c.user_id,
        username: c.username,
        displayName: c.display_name,
        languages: c.languages,
        city: c.city,
        experiences: c.experiences,
        about: c.about,
        availability: c.availability,
        trainedBy: trained.get(c.user_id) ?? [],
        why: why.reasons,
      })),
    };
  }

  /**
   * A mentee asks (their asking is their yes), or an organisation's staff suggest a pair (then
   * both must say yes). Refused: oneself, someone not open, a mentor at capacity, a block either way.
   */
  async request(user: AuthUser, input: CreateMatchInput): Promise<MentoringMatch> {
    const suggested = input.menteeId !== undefined;
    const menteeId = input.menteeId ?? user.id;
    if (suggested) {
      if (!input.organizationId) throw new AppError('VALIDATION_FAILED', [{ path: 'organizationId', message: 'validation.required' }]);
      const role = await this.repo.orgRole(user.id, input.organizationId);
      if (role !== 'staff' && role !== 'admin') throw new AppError('FORBIDDEN');
      if (!(await this.repo.userExists(menteeId))) throw new AppError('USER_NOT_FOUND', [{ path: 'menteeId', message: 'USER_NOT_FOUND' }]);
    } else if (input.organizationId) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'menteeId', message: 'validation.required' }]);
    }
    if (input.mentorId === menteeId) throw new AppError('MATCH_SELF', [{ path: 'mentorId', message: 'MATCH_SELF' }]);
    if (!(await this.repo.userExists(input.mentorId))) throw new AppError('USER_NOT_FOUND', [{ path: 'mentorId', message: 'USER_NOT_FOUND' }]);
    const id = await this.repo.transaction(async (m) => {
      const mentor = await this.repo.profile(input.mentorId, m);
      if (!mentor || !mentor.open || (mentor.role !== 'mentor' && mentor.role !== 'both')) throw new AppError('MENTOR_NOT_OPEN');
      if (await this.repo.blockedEitherWay(input.mentorId, menteeId, m)) throw new AppError('MATCH_BLOCKED');
      if ((await this.repo.ongoingCount(input.mentorId, m)) >= mentor.capacity) throw new AppError('MENTOR_AT_CAPACITY');
      return this.repo.insertMatch(m, {
        mentorId: input.mentorId,
        menteeId,
        requestedBy: user.id,
        organizationId: suggested ? input.organizationId! : null,
        intro: input.intro ?? '',
        menteeAccepted: !suggested,
      });
    });
    const row = (await this.repo.match(id))!;
    for (const to of suggested ? [row.mentor_id, row.mentee_id] : [row.mentor_id]) {
      await this.notifications.notify(to, 'mentoring.requested', { matchId: id, suggested }, `mentoring:${id}:requested`);
    }
    // Staff who suggested a pair are not one of the two: they learn only that it was made.
    return sideOf(facts(row), user.id) ? this.toMatch(row, user.id) : ({ id, state: row.state } as MentoringMatch);
  }

  async list(user: AuthUser): Promise<{ items: MentoringMatch[] }> {
    const rows = await this.repo.matchesOf(user.id);
    return { items: rows.map((r) => this.toMatch(r, user.id)) };
  }

  async get(user: AuthUser, id: string): Promise<MentoringMatch> {
    return this.toMatch(await this.visible(user, id), user.id);
  }

  async act(user: AuthUser, id: string, action: MatchAction, input: MatchActionInput): Promise<MentoringMatch> {
    const now = new Date();
    const { before, after } = await this.repo.transaction(async (m) => {
      const row = await this.repo.match(id, m, true);
      if (!row || !sideOf(facts(row), user.id)) throw new AppError('MATCH_NOT_FOUND');
      const next = transition(facts(row), user.id, action, now);
      if (typeof next === 'string') throw new AppError(next);
      await this.repo.applyTransition(m, id, next, next.started ? new Date(now.getTime() + FIRST_CHECK_IN_MS) : null);
      if (action === 'end' && input.note) await this.repo.insertFeedback(m, id, await this.repo.feedbackOrganization(m, row), user.id, input.note);
      return { before: row, after: (await this.repo.match(id, m))! };
    });
    await this.followConversation(after);
    const kind = NOTICE[action];
    const other = before.mentor_id === user.id ? before.mentee_id : before.mentor_id;
    // A first yes on a suggested pair is news to the other only once both have said it.
    if (kind && (action !== 'accept' || after.state === 'active')) {
      await this.notifications.notify(other, kind, { matchId: id }, `mentoring:${id}:${action}:${after.updated_at.getTime()}`);
    }
    return this.toMatch((await this.repo.match(id))!, user.id);
  }

  /** An active match has its conversation, open to both; an ended one's becomes read-only. */
  private async followConversation(match: MatchRow): Promise<void> {
    try {
      if (match.state === 'active' && !match.conversation_id) {
        await this.repo.setConversation(match.id, await this.conversations.open(match.mentee_id, match.mentor_id));
      } else if (match.state === 'ended' && match.conversation_id && !match.conversation_deleted_at) {
        await this.conversations.setReadOnly(match.conversation_id, true);
      }
    } catch (err) {
      // The match stands; the next step (or the sweep) tries the conversation again.
      logger.warn({ err, matchId: match.id }, 'mentoring conversation not updated');
    }
  }

  async keepConversation(user: AuthUser, id: string, keep: boolean): Promise<MentoringMatch> {
    const row = await this.visible(user, id);
    if (row.state !== 'ended') throw new AppError('MATCH_TRANSITION_INVALID');
    await this.repo.setKeep(id, sideOf(facts(row), user.id)!, keep);
    return this.get(user, id);
  }

  /** Private feedback to the organisation after the end; the other side never sees it. */
  async feedback(user: AuthUser, id: string, note: string): Promise<void> {
    await this.repo.transaction(async (m) => {
      const row = await this.repo.match(id, m, true);
      if (!row || !sideOf(facts(row), user.id)) throw new AppError('MATCH_NOT_FOUND');
      if (row.state !== 'ended' && row.state !== 'declined') throw new AppError('MATCH_TRANSITION_INVALID');
      await this.repo.insertFeedback(m, id, await this.repo.feedbackOrganization(m, row), user.id, note);
    });
  }

  async agreement(user: AuthUser, id: string): Promise<{ current: MentoringAgreement | null; versions: MentoringAgreement[] }> {
    await this.visible(user, id);
    const rows = await this.repo.agreements(id);
    const versions = rows.map(toAgreement);
    return { current: versions[0] ?? null, versions };
  }

  /** Each save is a new version; a save made from an older version than the latest is refused. */
  async saveAgreement(user: AuthUser, id: string, input: AgreementInput) {
    await this.repo.transaction(async (m) => {
      const row = await this.repo.match(id, m, true);
      if (!row || !sideOf(facts(row), user.id)) throw new AppError('MATCH_NOT_FOUND');
      if (row.state !== 'active' && row.state !== 'paused') throw new AppError('MATCH_TRANSITION_INVALID');
      const latest = await this.repo.latestAgreementVersion(m, id);
      if (input.baseVersion !== undefined && input.baseVersion !== latest) throw new AppError('AGREEMENT_VERSION_CONFLICT');
      const prev = (await this.repo.agreements(id, 1, m))[0];
      await this.repo.insertAgreement(
        m,
        id,
        latest + 1,
        {
          howOften: input.howOften ?? prev?.how_often ?? '',
          channel: input.channel ?? prev?.channel ?? '',
          coordinatorMaySee: input.coordinatorMaySee ?? prev?.coordinator_may_see ?? '',
          howToEnd: input.howToEnd ?? prev?.how_to_end ?? '',
        },
        user.id,
      );
      const other = row.mentor_id === user.id ? row.mentee_id : row.mentor_id;
      await this.notifications.notify(other, 'mentoring.agreement_changed', { matchId: id, version: latest + 1 }, `mentoring:${id}:agreement:${latest + 1}`, m);
    });
    return this.agreement(user, id);
  }


  private async visible(user: AuthUser, id: string): Promise<MatchRow> {
    const row = await this.repo.match(id);
    if (!row || !sideOf(facts(row), user.id)) throw new AppError('MATCH_NOT_FOUND');
    return row;
  }

  private toProfile(row: Omit<ProfileRow, 'user_id'>, trainedBy: MentoringProfile['trainedBy']): MentoringProfile {
    return {
      role: row.role,
      languages: row.languages,
      city: row.city,
      availability: row.availability,
      experiences: row.experiences,
      about: row.about,
      capacity: row.capacity,
      open: row.open,
      visibility: row.visibility,
      trainedBy,
    };
  }

  private toMatch(r: MatchRow, viewerId: string): MentoringMatch {
    const now = new Date();
    const f = facts(r);
    const expired = isExpired(f, now);
    const myRole = sideOf(f, viewerId)!;
    return {
      id: r.id,
      state: expired ? 'expired' : r.state,
      myRole,
      mentor: { id: r.mentor_id, username: r.mentor_username, displayName: r.mentor_display_name },
      mentee: { id: r.mentee_id, username: r.mentee_username, displayName: r.mentee_display_name },
      intro: r.intro,
      menteeAccepted: r.mentee_accepted_at !== null,
      mentorAccepted: r.mentor_accepted_at !== null,
      suggestedBy: r.suggested_by_organization_id ? { id: r.suggested_by_organization_id, name: r.suggested_by_name ?? '' } : null,
      conversationId: r.conversation_deleted_at ? null : r.conversation_id,
      actions: actionsFor(f, viewerId, now),
      createdAt: r.created_at.toISOString(),
      startedAt: r.started_at?.toISOString() ?? null,
      endedAt: r.ended_at?.toISOString() ?? null,
      expiresAt: r.state === 'requested' ? new Date(r.created_at.getTime() + REQUEST_TTL_MS).toISOString() : null,
      keepConversation: myRole === 'mentor' ? r.mentor_keeps_conversation : r.mentee_keeps_conversation,
    };
  }
}

const toAgreement = (a: AgreementRow): MentoringAgreement => ({
  version: a.version,
  howOften: a.how_often,
  channel: a.channel,
  coordinatorMaySee: a.coordinator_may_see,
  howToEnd: a.how_to_end,
  writtenBy: a.written_by ? { id: a.written_by, username: a.written_by_username ?? '', displayName: a.written_by_display_name } : null,
  createdAt: a.created_at.toISOString(),
});
