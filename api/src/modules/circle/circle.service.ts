import { Injectable } from '@nestjs/common';
import {
  usernameKey,
  type CaseCard,
  type CaseCardAboutMe,
  type CaseCardSummary,
  type CreateCaseCardInput,
  type DiscussionPermissionInput,
  type MarkMentorInput,
  type OrganizationFeedback,
  type OrganizationLogEntry,
} from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { randomSecret } from '../../core/auth/secrets.js';
import { AppError } from '../../core/errors/app-error.js';
import { SpacesService } from '../spaces/spaces.service.js';
import { findIdentifyingDetails, type IdentifyingKind } from './case-card-check.js';
import { canCircle, type CircleAction } from './circle.policy.js';
import { CircleRepository, type CardRow } from './circle.repository.js';
import { aggregate, toCsv } from './numbers.js';
import { NumbersRepository } from './numbers.repository.js';

/** The field message for each kind of detail: it names the kind, never the detail found. */
const KIND_MESSAGES: Record<IdentifyingKind, string> = {
  name: 'validation.cardName',
  username: 'validation.cardUsername',
  phone: 'validation.cardPhone',
  email: 'validation.cardEmail',
  address: 'validation.cardAddress',
  profile: 'validation.cardProfile',
};

const summary = (row: CardRow, viewerId: string): CaseCardSummary => ({
  id: row.id,
  alias: row.alias,
  mine: row.author_id === viewerId,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
});

@Injectable()
export class CircleService {
  constructor(
    private readonly repo: CircleRepository,
    private readonly numbersRepo: NumbersRepository,
    private readonly spaces: SpacesService,
  ) {}

  /**
   * The organisation, if the caller may do this with its circle. Refusals to read the circle are
   * "not found": a non-mentor cannot even learn whether a circle exists.
   */
  private async authorize(user: AuthUser, organizationId: string, action: CircleAction) {
    const org = await this.repo.organization(organizationId);
    if (!org) throw new AppError('ORGANIZATION_NOT_FOUND');
    const viewer = {
      orgRole: await this.repo.orgRole(org.id, user.id),
      isMentor: await this.repo.isMentor(org.id, user.id),
      isPlatformAdmin: user.roles.includes('admin'),
    };
    if (!canCircle(viewer, action)) throw new AppError(action === 'readCircle' || action === 'postCard' ? 'CIRCLE_NOT_FOUND' : 'FORBIDDEN');
    return org;
  }

  async create(user: AuthUser, organizationId: string) {
    const org = await this.authorize(user, organizationId, 'createCircle');
    const slug = `circle-${randomSecret(6).toLowerCase().replace(/[^a-z0-9]/g, 'x').slice(0, 8)}`;
    const spaceId = await this.repo.transaction(async (m) => {
      const before = await this.repo.circleSpace(org.id, m);
      const id = await this.repo.createCircle(m, org.id, slug, `${org.name} · mentors`.slice(0, 80), '', user.id);
      if (!before) await this.repo.log(m, org.id, user.id, 'circle_created');
      return id;
    });
    return { organizationId: org.id, spaceId };
  }

  async mentors(user: AuthUser, organizationId: string) {
    const org = await this.authorize(user, organizationId, 'manageMentors');
    const rows = await this.repo.mentors(org.id);
    return {
      circle: (await this.repo.circleSpace(org.id)) !== null,
      items: rows.map((r) => ({ userId: r.user_id, username: r.username, displayName: r.display_name, since: r.created_at.toISOString() })),
    };
  }

  async addMentor(user: AuthUser, organizationId: string, input: MarkMentorInput) {
    const org = await this.authorize(user, organizationId, 'manageMentors');
    const userId = await this.repo.activeUserByUsernameKey(usernameKey(input.username));
    if (!userId) throw new AppError('USER_NOT_FOUND', [{ path: 'username', message: 'validation.invalidValue' }]);
    await this.repo.transaction(async (m) => {
      if (await this.repo.addMentor(m, org.id, userId, user.id)) await this.repo.log(m, org.id, user.id, 'mentor_added', userId);
    });
    return this.mentors(user, org.id);
  }

  async removeMentor(user: AuthUser, organizationId: string, userId: string): Promise<void> {
    const org = await this.authorize(user, organizationId, 'manageMentors');
    const spaceId = await this.repo.circleSpace(org.id);
    const removed = await this.repo.transaction(async (m) => {
      const done = await this.repo.removeMentor(m, org.id, userId);
      if (done) await this.repo.log(m, org.id, user.id, 'mentor_removed', userId);
      return done;
    });
    if (!removed) throw new AppError('USER_NOT_FOUND');
    if (spaceId) await this.spaces.afterLeaving(spaceId, userId);
  }

  /** The circle as a mentor sees it: its space (for the chat) and its live cards, without their text. */
  async circle(user: AuthUser, organizationId: string) {
    const org = await this.authorize(user, organizationId, 'readCircle');
    const spaceId = await this.repo.circleSpace(org.id);
    if (!spaceId) throw new AppError('CIRCLE_NOT_FOUND');
    const cards = await this.repo.cards(org.id, 100);
    const mentees = await this.repo.permissionsReceived(user.id);
    return {
      organization: org,
      spaceId,
      cards: cards.map((c) => summary(c, user.id)),
      menteesWhoAllow: mentees.map((p) => ({ userId: p.mentee_id, username: p.username, displayName: p.display_name })),
    };
  }

  async postCard(user: AuthUser, organizationId: string, input: CreateCaseCardInput): Promise<CaseCard> {
    const org = await this.authorize(user, organizationId, 'postCard');
    if (!(await this.repo.circleSpace(org.id))) throw new AppError('CIRCLE_NOT_FOUND');
    // The permission stands only while the two are matched (active or paused).
    if (!(await this.repo.hasPermission(input.menteeId, user.id)) || !(await this.repo.hasRelation(user.id, input.menteeId))) {
      throw new AppError('CASE_CARD_NOT_PERMITTED', [{ path: 'menteeId', message: 'validation.cardNotPermitted' }]);
    }
    const kinds = findIdentifyingDetails(`${input.alias}\n${input.body}`, await this.repo.menteeStrings(input.menteeId));
    if (kinds.length) {
      throw new AppError(
        'CASE_CARD_IDENTIFYING',
        kinds.map((kind) => ({ path: 'body', code: kind, message: KIND_MESSAGES[kind] })),
      );
    }
    const id = await this.repo.insertCard({ organizationId: org.id, authorId: user.id, menteeId: input.menteeId, alias: input.alias, body: input.body });
    return this.openCard(user, id);
  }

  /** Opening a card is a logged view; cards are readable by the circle's mentors only. */
  async openCard(user: AuthUser, cardId: string): Promise<CaseCard> {
    const row = await this.repo.card(cardId);
    if (!row || !(await this.repo.isMentor(row.organization_id, user.id))) throw new AppError('CASE_CARD_NOT_FOUND');
    await this.repo.logView(row.id, user.id);
    return { ...summary(row, user.id), body: row.body };
  }

  async deleteCard(user: AuthUser, cardId: string): Promise<void> {
    if (!(await this.repo.deleteCard(cardId, user.id))) throw new AppError('CASE_CARD_NOT_FOUND');
  }

  /** The mentee's side: whom they allow, and the cards about them (not their text). */
  async myPermissions(user: AuthUser) {
    const rows = await this.repo.permissionsGiven(user.id);
    return { items: rows.map((r) => ({ mentorId: r.mentor_id, username: r.username, displayName: r.display_name, allowed: r.withdrawn_at === null, since: (r.withdrawn_at ?? r.granted_at).toISOString() })) };
  }

  async setPermission(user: AuthUser, input: DiscussionPermissionInput) {
    const field = input.mentorId ? 'mentorId' : 'mentorUsername';
    const mentorId = input.mentorId ?? (await this.repo.activeUserByUsernameKey(usernameKey(input.mentorUsername!)));
    if (!mentorId) throw new AppError('USER_NOT_FOUND', [{ path: field, message: 'validation.invalidValue' }]);
    if (mentorId === user.id) throw new AppError('VALIDATION_FAILED', [{ path: field, message: 'validation.invalidValue' }]);
    if (input.allowed && !(await this.repo.hasRelation(mentorId, user.id))) {
      throw new AppError('CASE_CARD_NOT_PERMITTED', [{ path: field, message: 'validation.cardNoMatch' }]);
    }
    await this.repo.setPermission(user.id, mentorId, input.allowed);
    return this.myPermissions(user);
  }

  /** Where the caller is a mentor: the circles they can open. */
  async myCircles(user: AuthUser) {
    return { items: await this.repo.circlesOf(user.id) };
  }

  async cardsAboutMe(user: AuthUser): Promise<{ items: CaseCardAboutMe[] }> {
    const rows = await this.repo.cardsAbout(user.id);
    return {
      items: rows.map((r) => ({
        id: r.id,
        organization: { id: r.organization_id, name: r.organization_name },
        createdAt: r.created_at.toISOString(),
        expiresAt: r.expires_at.toISOString(),
        discussedOn: [...r.discussed_on].sort(),
      })),
    };
  }

  async log(user: AuthUser, organizationId: string): Promise<{ items: OrganizationLogEntry[] }> {
    const org = await this.authorize(user, organizationId, 'readLog');
    const rows = await this.repo.logEntries(org.id, 200);
    return {
      items: rows.map((r) => ({ id: r.id, action: r.action, actor: r.actor ? { username: r.actor } : null, subject: r.subject ? { username: r.subject } : null, createdAt: r.created_at.toISOString() })),
    };
  }

  async numbers(user: AuthUser, organizationId: string, format: 'json' | 'csv') {
    const org = await this.authorize(user, organizationId, 'seeNumbers');
    const rows = aggregate(await this.numbersRepo.facts(org.id));
    await this.repo.log(null, org.id, user.id, format === 'csv' ? 'numbers_downloaded' : 'numbers_viewed');
    return format === 'csv' ? toCsv(rows) : { items: rows };
  }

  /**
   * Feedback is addressed to the organisation, never to the other side: a coordinator who was the
   * mentor (or mentee) of a match does not get that match's feedback. Reading it is logged.
   */
  async feedback(user: AuthUser, organizationId: string, limit: number): Promise<{ items: OrganizationFeedback[] }> {
    const org = await this.authorize(user, organizationId, 'readFeedback');
    const rows = await this.repo.feedbackFor(org.id, user.id, limit);
    await this.repo.log(null, org.id, user.id, 'feedback_viewed');
    return { items: rows.map((r) => ({ id: r.id, note: r.note, from: r.side, month: r.month })) };
  }

  sweep(): Promise<number> {
    return this.repo.sweep();
  }
}
