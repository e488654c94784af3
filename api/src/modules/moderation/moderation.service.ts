import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type {
  CreateReportInput,
  ModerationAction,
  ReportTarget,
  ResolveInput,
  WatchedWordInput,
} from '@sorstars/shared';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { CREDENTIALS_ENDED, type CredentialsEnded } from '../../core/auth/credentials-ended.js';
import type { EndedCredentialsWithIds } from '../../core/auth/auth.repository.js';
import { SessionService } from '../../core/auth/session.service.js';
import { AppError } from '../../core/errors/app-error.js';
import { logger } from '../../core/logging/logger.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { EventsService } from '../events/events.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { mutedError, SpacesService } from '../spaces/spaces.service.js';
import { StoriesService } from '../stories/stories.service.js';
import { CrisisService } from './crisis.service.js';
import { isAdmin, isSafeguardingLead } from './moderation.policy.js';
import { ModerationRepository, type ActionRow, type ContentTarget, type ItemKind, type ItemRow, type TargetInfo } from './moderation.repository.js';
import { screen } from './watched-words.js';
import type { ScreeningContext } from './screening-context.js';

/** Emitted when moderation changes what a piece of content shows, so its module can tell live readers. */
export const CONTENT_MODERATED = 'moderation.content_changed';
export interface ContentModerated {
  targetType: ContentTarget;
  targetId: string;
  spaceId: string | null;
  /** A held message let through: it is new to everyone else. */
  released: boolean;
}

/** Platform default when a report concerns something outside any space. */
const PLATFORM_AUTO_HIDE = 3;
/**
 * Reports from accounts younger than this still reach the review queue but do not count toward
 * hiding something automatically: otherwise three accounts made a minute ago could hide anyone.
 */
const AUTO_HIDE_MIN_ACCOUNT_AGE_HOURS = 24;
/** Actions that restrict a person in a space (a warning only tells them; suspension is admins'). */
const PERSON_SANCTIONS: readonly ModerationAction[] = ['mute', 'remove_from_space'];
/** Log lines about a person that restrict nothing: nobody is told of them as a sanction or appeals them. */
const NOT_SANCTIONS: readonly string[] = ['dismiss', 'grant_role', 'revoke_role', 'lift_suspension'];
/**
 * Who reported stays with the admins (moderators are members too), and never reaches the person
 * the report is about, whatever their role: the report page promises the name is not shown.
 */
const mayKnowReporters = (u: AuthUser, item: Pick<ItemRow, 'subject_user_id'>) => isAdmin(u) && item.subject_user_id !== u.id;

/** A change to a message, as the screen sees it; `target` is the stored message an edit, reaction or delete touches. */
export type MessageChange =
  | { kind: 'send'; body: string; language?: string | null; target?: undefined }
  | { kind: 'edit'; body: string; language?: string | null; target: ScreenTarget }
  | { kind: 'react' | 'delete'; body?: undefined; language?: undefined; target: ScreenTarget };
export interface ScreenTarget {
  authorId: string | null;
  state: 'visible' | 'pending' | 'hidden' | 'removed';
}

interface ApplyEffects {
  released: boolean;
  contentChanged: boolean;
  actionId: string;
  /** A suspension's ended credentials, announced after the transaction. */
  ended: EndedCredentialsWithIds | null;
}

export type SendScreen = { verdict: 'allow' } | { verdict: 'hold'; kind: 'watched_word' | 'first_message' } | { verdict: 'flag' };

@Injectable()
export class ModerationService {
  constructor(
    private readonly repo: ModerationRepository,
    private readonly spaces: SpacesService,
    private readonly stories: StoriesService,
    private readonly events: EventsService,
    private readonly notifications: NotificationsService,
    private readonly crisis: CrisisService,
    private readonly accounts: AccountsService,
    private readonly emitter: EventEmitter2,
    private readonly sessions: SessionService,
  ) {}

  /**
   * A report joins the open review item for that thing. Reports from enough different members
   * (whose accounts are at least a day old) hide it until someone reviews it. "I'm worried about someone's safety" goes to safeguarding
   * leads instead, never hides or sanctions anything, and answers with crisis resources at once.
   */
  async report(user: AuthUser, input: CreateReportInput) {
    const target = await this.visibleTarget(user, input.targetType, input.targetId);
    if (target.authorId === user.id && input.reason !== 'safety') throw new AppError('ACTION_NOT_ALLOWED');
    const safeguarding = input.reason === 'safety';
    const { item, hidden } = await this.repo.transaction(async (m) => {
      const item = await this.repo.openItem(m, target, safeguarding ? 'safeguarding' : 'report');
      await this.repo.addReport(m, item.id, user.id, input.reason, input.note ?? null);
      if (safeguarding || target.type === 'user' || item.auto_hidden || target.state !== 'visible') return { item, hidden: false };
      const threshold = (await this.repo.spaceSettings(target.spaceId, m))?.auto_hide_threshold ?? PLATFORM_AUTO_HIDE;
      if ((await this.repo.distinctEstablishedReporters(m, item.id, AUTO_HIDE_MIN_ACCOUNT_AGE_HOURS)) < threshold) return { item, hidden: false };
      await this.repo.setState(m, target.type as ContentTarget, target.id, 'hidden', null);
      await this.repo.markAutoHidden(m, item.id);
      await this.repo.logAction(m, { actorId: null, action: 'auto_hide', targetType: target.type, targetId: target.id, spaceId: target.spaceId, subjectUserId: target.authorId, itemId: item.id, reason: null });
      return { item, hidden: true };
    });
    if (hidden) this.contentChanged(target, false);
    await this.tellReviewers(user, target, item.id, safeguarding).catch((err: unknown) => logger.error({ err }, 'report notification failed'));
    return {
      reviewItemId: item.id,
      autoHidden: hidden,
      ...(safeguarding && { crisisResources: await this.crisis.forLocale(user.locale) }),
    };
  }

  /**
   * A new report reaches who reviews it, once per review item (more reports on the same thing add
   * nothing). It names the item and the space, never who reported; a safeguarding report names
   * nothing at all, so a lead's lock screen says only that there is something.
   */
  private async tellReviewers(reporter: AuthUser, target: { spaceId: string | null; authorId: string | null }, itemId: string, safeguarding: boolean): Promise<void> {
    const reviewers = await this.repo.reviewersOf({ safeguarding, spaceId: target.spaceId, reporterId: reporter.id, authorId: target.authorId });
    if (safeguarding) {
      await this.notifications.fanOut(reviewers, { kind: 'safeguarding.report', data: { reviewItemId: itemId }, dedupeKey: `review:${itemId}`, subject: { spaceId: null } });
      return;
    }
    const space = target.spaceId ? await this.repo.spaceLabel(target.spaceId) : null;
    await this.notifications.fanOut(reviewers, {
      kind: 'review.report',
      data: { reviewItemId: itemId, spaceId: target.spaceId, spaceName: space?.name ?? null, spaceSlug: space?.slug ?? null },
      dedupeKey: `review:${itemId}`,
      subject: { spaceId: target.spaceId },
    });
  }

  /**
   * What the report page shows of the thing being reported: only what the reporter can already
   * see — the same visibility check as reporting it — with no text for something moderators
   * have hidden (unless it is the reporter's own) and no author for an anonymous story.
   */
  async preview(user: AuthUser, type: ReportTarget, id: string) {
    const target = await this.visibleTarget(user, type, id);
    const own = target.authorId === user.id;
    const shown = own || target.state === null || target.state === 'visible';
    const anonymous = type === 'story' && (await this.repo.storyIsAnonymous(id));
    return { targetType: type, excerpt: shown ? target.excerpt.trim() || null : null, author: anonymous && !own ? null : target.authorName };
  }

  /** The review queue of the caller's spaces (or all, for admins); safeguarding items for leads. */
  async queue(user: AuthUser, q: { spaceId?: string; status: 'open' | 'resolved'; kind?: ItemKind }) {
    let spaceIds: string[] | 'all';
    if (q.spaceId) {
      if (!isAdmin(user)) await this.spaces.authorize(user, q.spaceId, 'removeMember');
      spaceIds = [q.spaceId];
    } else {
      spaceIds = isAdmin(user) ? 'all' : await this.repo.spaceIdsKeptBy(user.id);
    }
    const kinds = ((q.kind ? [q.kind] : ['report', 'watched_word', 'first_message', 'safeguarding', 'outdated', 'stale']) as ItemKind[]).filter(
      (k) => k !== 'safeguarding' || isSafeguardingLead(user),
    );
    if (!isAdmin(user) && !kinds.length) throw new AppError('FORBIDDEN');
    // Safeguarding leads see safeguarding items everywhere, not only in spaces they keep.
    const rows = [
      ...(await this.repo.items({ spaceIds, status: q.status, kinds: kinds.filter((k) => k !== 'safeguarding') })),
      ...(kinds.includes('safeguarding') ? await this.repo.items({ spaceIds: q.spaceId ? spaceIds : 'all', status: q.status, kinds: ['safeguarding'] }) : []),
    ];
    if (!rows.length && spaceIds !== 'all' && !spaceIds.length && !isSafeguardingLead(user)) throw new AppError('FORBIDDEN');
    const [reports, history, targets] = await Promise.all([
      this.repo.reportsOf(rows.map((r) => r.id)),
      this.repo.actions({ itemIds: rows.map((r) => r.id), limit: 1000 }),
      this.targetsOf(rows),
    ]);
    const items = [];
    for (const row of rows) {
      const target = targets.get(`${row.target_type}:${row.target_id}`);
      items.push({
        id: row.id,
        targetType: row.target_type,
        targetId: row.target_id,
        spaceId: row.space_id,
        kind: row.kind,
        status: row.status,
        autoHidden: row.auto_hidden,
        resolution: row.resolution,
        version: row.version,
        createdAt: row.created_at.toISOString(),
        target: target ? { excerpt: target.excerpt, state: target.state, authorId: target.authorId, author: target.authorName } : null,
        // The person a report is about reviews nothing about themselves; the queue says so.
        aboutYou: row.subject_user_id === user.id,
        reports: reports
          .filter((r) => r.review_item_id === row.id)
          .map((r) => ({ reason: r.reason, note: r.note, createdAt: r.created_at.toISOString(), ...(mayKnowReporters(user, row) && { reporter: r.reporter_username }) })),
        history: history.filter((a) => a.review_item_id === row.id).map((a) => this.toLogEntry(a, true)),
      });
    }
    return { items };
  }

  /**
   * Acts on an item once. The item is closed in the same transaction that records the action and
   * applies it, so two moderators acting together cannot both win (the second gets 409).
   */
  async resolve(user: AuthUser, itemId: string, input: ResolveInput) {
    const item = await this.repo.item(itemId);
    if (!item) throw new AppError('ITEM_NOT_FOUND');
    await this.mayDecide(user, item);
    this.checkAction(user, item, input.action);
    // Sanctions on a person follow the role order: moderators act on members, hosts on moderators too.
    if (PERSON_SANCTIONS.includes(input.action) && item.space_id && item.subject_user_id) {
      await this.spaces.mayActOn(user, item.space_id, item.subject_user_id);
    }
    const target = await this.repo.target(item.target_type, item.target_id);
    const until = input.until ? new Date(input.until) : null;
    const subject = item.subject_user_id;
    const effects = await this.repo.transaction(async (m) => {
      if (!(await this.repo.resolveItem(m, item.id, input.action, user.id))) throw new AppError('ITEM_ALREADY_RESOLVED');
      const actionId = await this.repo.logAction(m, {
        actorId: user.id,
        action: input.action,
        targetType: item.target_type,
        targetId: item.target_id,
        spaceId: item.space_id,
        subjectUserId: subject,
        itemId: item.id,
        reason: input.note,
        guideline: input.guideline ?? null,
        until,
      });
      return this.apply(m, user, item, target, input.action, input.note, until, actionId);
    });
    await this.afterEffects(item, target, input, effects, subject);
    return { id: item.id, status: 'resolved', resolution: input.action };
  }

  /** The space's public log (members), or the platform's (admins): what, why, when — never who reported. */
  async log(user: AuthUser, spaceId: string | undefined, limit: number) {
    if (!spaceId) {
      if (!isAdmin(user)) throw new AppError('FORBIDDEN');
      return { items: (await this.repo.actions({ spaceId: null, limit })).map((a) => this.toLogEntry(a, true)) };
    }
    const space = await this.spaces.authorize(user, spaceId, 'read');
    const names = (await this.repo.spaceSettings(space.id))?.show_moderator_names ?? false;
    return { items: (await this.repo.actions({ spaceId: space.id, limit })).map((a) => this.toLogEntry(a, names)) };
  }

  /** What was done to the caller (warnings, removals, mutes), with the reason and the way to appeal. */
  async mine(user: AuthUser) {
    const rows = await this.repo.actions({ subjectUserId: user.id, limit: 100 });
    return { items: rows.filter((a) => !NOT_SANCTIONS.includes(a.action) && !a.action.startsWith('appeal_')).map((a) => this.toLogEntry(a, false)) };
  }

  async appeal(user: AuthUser, actionId: string, note: string) {
    const action = await this.repo.action(actionId);
    if (!action || action.subject_user_id !== user.id) throw new AppError('NOT_FOUND');
    if (['auto_hide', ...NOT_SANCTIONS].includes(action.action) || action.action.startsWith('appeal_')) throw new AppError('ACTION_NOT_ALLOWED');
    const id = await this.repo.createAppeal(action.id, user.id, note);
    if (!id) throw new AppError('APPEAL_EXISTS');
    return { id, status: 'open' };
  }

  /** A suspended person cannot sign in, so they appeal their suspension with their password instead. */
  async appealSuspension(input: { username: string; password: string; note: string }, ip: string) {
    const userId = await this.accounts.suspendedAccount({ username: input.username, password: input.password }, ip);
    const action = await this.repo.latestAction(userId, 'suspend');
    if (!action) throw new AppError('NOT_FOUND');
    const id = await this.repo.createAppeal(action.id, userId, input.note);
    if (!id) throw new AppError('APPEAL_EXISTS');
    return { id, status: 'open' };
  }

  async appeals(user: AuthUser, spaceId: string | undefined) {
    let spaceIds: string[] | 'all' = 'all';
    if (spaceId) {
      if (!isAdmin(user)) await this.spaces.authorize(user, spaceId, 'removeMember');
      spaceIds = [spaceId];
    } else if (!isAdmin(user)) spaceIds = await this.repo.spaceIdsKeptBy(user.id);
    const rows = await this.repo.appeals({ spaceIds, status: 'open' });
    return {
      items: rows.map((r: Record<string, unknown>) => ({
        id: r.id,
        actionId: r.action_id,
        action: r.action,
        targetType: r.target_type,
        spaceId: r.space_id,
        note: r.note,
        actionReason: r.action_reason,
        createdAt: (r.created_at as Date).toISOString(),
        // Only someone who did not take the action may decide.
        canDecide: r.actor_id !== user.id,
      })),
    };
  }

  /** A different moderator (or an admin) decides; overturning undoes the action. */
  async decideAppeal(user: AuthUser, appealId: string, outcome: 'upheld' | 'overturned', note: string) {
    const appeal = await this.repo.appealWithAction(appealId);
    if (!appeal) throw new AppError('APPEAL_NOT_FOUND');
    if (appeal.space_id) {
      if (!isAdmin(user)) await this.spaces.authorize(user, appeal.space_id, 'removeMember');
    } else if (!isAdmin(user)) throw new AppError('FORBIDDEN');
    // Only admins suspend, so only admins may lift a suspension.
    if (appeal.action === 'suspend' && !isAdmin(user)) throw new AppError('FORBIDDEN');
    if (appeal.actor_id === user.id) throw new AppError('APPEAL_SAME_MODERATOR');
    // Nobody decides their own appeal, keeper or not.
    if (appeal.subject_user_id === user.id) throw new AppError('REPORT_ABOUT_YOU');
    let changed: TargetInfo | null = null;
    await this.repo.transaction(async (m) => {
      if (!(await this.repo.decideAppeal(m, appeal.id, outcome, user.id, note))) throw new AppError('APPEAL_NOT_FOUND');
      await this.repo.logAction(m, {
        actorId: user.id,
        action: `appeal_${outcome}`,
        targetType: appeal.target_type,
        targetId: appeal.target_id,
        spaceId: appeal.space_id,
        subjectUserId: appeal.subject_user_id,
        itemId: null,
        reason: note,
      });
      if (outcome === 'overturned') changed = await this.undo(m, appeal);
    });
    if (changed) this.contentChanged(changed, false);
    if (appeal.subject_user_id) {
      await this.notifications.notify(appeal.subject_user_id, 'moderation.appeal_decided', { appealId: appeal.id, outcome, note });
    }
    return { id: appeal.id, status: outcome };
  }

  async settings(user: AuthUser, spaceId: string, input: { slowModeSeconds?: number; approveFirstMessages?: boolean; autoHideThreshold?: number; showModeratorNames?: boolean }) {
    const space = await this.spaces.authorize(user, spaceId, 'edit');
    if (Object.values(input).some((v) => v !== undefined)) await this.repo.updateSpaceSettings(space.id, input);
    const s = (await this.repo.spaceSettings(space.id))!;
    return { slowModeSeconds: s.slow_mode_seconds, approveFirstMessages: s.approve_first_messages, autoHideThreshold: s.auto_hide_threshold, showModeratorNames: s.show_moderator_names };
  }

  async watchedWords(user: AuthUser, spaceId: string | undefined) {
    await this.mayManageWords(user, spaceId ?? null);
    const rows = await this.repo.listWatchedWords(spaceId ?? null);
    return { items: rows.map((r) => ({ id: r.id, word: r.word, action: r.action, language: r.language, spaceId: r.space_id })) };
  }

  async addWatchedWord(user: AuthUser, input: WatchedWordInput) {
    await this.mayManageWords(user, input.spaceId ?? null);
    const id = await this.repo.addWatchedWord({ word: input.word, action: input.action, language: input.language ?? null, spaceId: input.spaceId ?? null, createdBy: user.id });
    return { id, word: input.word, action: input.action, language: input.language ?? null, spaceId: input.spaceId ?? null };
  }

  async deleteWatchedWord(user: AuthUser, id: string) {
    const word = await this.repo.watchedWord(id);
    if (!word) throw new AppError('NOT_FOUND');
    await this.mayManageWords(user, word.space_id);
    await this.repo.deleteWatchedWord(id);
  }

  /**
   * The one screen every change to a message passes — send, edit, react and delete alike — before
   * anything is stored (Zulip's do_send_messages / do_update_message share their checks the same way):
   * - the target's moderation state: what moderators hid or removed can't be edited or reacted to
   *   (its author may still delete it); a held message exists only for its author;
   * - a mute refuses every change but a delete (taking one's own words back is always allowed);
   * - slow mode paces new messages only;
   * - watched words screen every new text: "block" refuses it kindly, "approve" holds it for a
   *   moderator, "flag" lets it through and queues it;
   * - a new member's first message waits for approval where the space asks for it, and a held
   *   message stays held when its author edits it.
   * Keepers are exempt from slow mode and first-message approval. Suspended people have no session
   * left to ask with (the auth layer ends them).
   * `known`: the screening context, when the caller read it with the space's access (a send does),
   * for the change's language.
   */
  async screenChange(user: AuthUser, space: { id: string; role: string | null }, change: MessageChange, known?: ScreeningContext): Promise<SendScreen> {
    const target = change.target;
    if (target) {
      const own = target.authorId === user.id;
      if (target.state === 'pending' && !own) throw new AppError('MESSAGE_NOT_FOUND');
      if ((target.state === 'hidden' || target.state === 'removed') && change.kind !== 'delete') throw new AppError('MESSAGE_MODERATED');
    }
    if (change.kind === 'delete') return { verdict: 'allow' };
    const context = known ?? (await this.repo.screeningContext(space.id, user.id, change.language ?? null, change.kind !== 'react'));
    if (context?.mutedUntil) throw mutedError(context.mutedUntil);
    if (change.kind === 'react') return { verdict: 'allow' };
    const keeper = space.role === 'host' || space.role === 'moderator';
    if (change.kind === 'send' && context && context.slowModeSeconds > 0 && !keeper) {
      const last = await this.repo.lastMessageAt(space.id, user.id);
      const wait = last ? Math.ceil((last.getTime() + context.slowModeSeconds * 1000 - Date.now()) / 1000) : 0;
      if (wait > 0) throw new AppError('SLOW_MODE', [], { retryAfterSeconds: wait, params: { seconds: wait } });
    }
    const match = screen(change.body ?? '', context?.words ?? []);
    if (match?.action === 'block') throw new AppError('WATCHED_WORD_BLOCKED', [{ path: 'body', message: 'WATCHED_WORD_BLOCKED' }]);
    if (match?.action === 'approve') return { verdict: 'hold', kind: 'watched_word' };
    if (target?.state === 'pending') return { verdict: 'hold', kind: 'first_message' };
    if (change.kind === 'send' && context?.approveFirstMessages && !keeper && !(await this.repo.hasVisibleMessage(space.id, user.id))) {
      return { verdict: 'hold', kind: 'first_message' };
    }
    return match?.action === 'flag' ? { verdict: 'flag' } : { verdict: 'allow' };
  }

  /**
   * The one suspension path, for the review queue and the admins' people page alike: the account
   * is suspended and every session, token and calendar feed of it ends, in the caller's
   * transaction. Call `suspensionTookEffect` with the answer once that transaction has committed.
   */
  async suspendIn(m: EntityManager, userId: string, until: Date | null): Promise<EndedCredentialsWithIds> {
    await this.repo.suspend(m, userId, until);
    return this.sessions.endAllOf(userId, null, m);
  }

  /** After the suspending transaction: the person's live connections close on every process. */
  suspensionTookEffect(userId: string, ended: EndedCredentialsWithIds): void {
    this.sessions.ended(ended.credentials);
    // Sockets opened with credentials no row remembers any more (and the person's own room) close too.
    this.emitter.emit(CREDENTIALS_ENDED, { userIds: [userId] } satisfies CredentialsEnded);
  }

  /** Lifts a suspension in the caller's transaction (an overturned appeal or an admin's decision). */
  async unsuspendIn(m: EntityManager, userId: string): Promise<void> {
    await this.repo.unsuspend(m, userId);
  }

  /** Writes one line to the platform moderation log (no space, no review item) in the caller's transaction. */
  async logPlatformAction(
    m: EntityManager,
    entry: { actorId: string; action: string; subjectUserId: string; reason: string | null; until?: Date | null; role?: string | null },
  ): Promise<string> {
    return this.repo.logAction(m, { ...entry, targetType: 'user', targetId: entry.subjectUserId, spaceId: null, itemId: null });
  }

  /** The platform log's lines about one person, newest first, with the space each happened in. */
  async historyOf(userId: string, limit: number) {
    return this.repo.actions({ subjectUserId: userId, limit });
  }

  /** Queues a stored message that was held or flagged, in the sender's transaction. */
  async queueMessage(m: EntityManager, messageId: string, spaceId: string, authorId: string, kind: 'watched_word' | 'first_message'): Promise<void> {
    await this.repo.openItem(m, { type: 'message', id: messageId, spaceId, authorId, authorName: null, excerpt: '', state: 'pending' }, kind);
  }

  private async apply(m: EntityManager, user: AuthUser, item: ItemRow, target: TargetInfo | null, action: ModerationAction, note: string, until: Date | null, actionId: string) {
    const content = item.target_type !== 'user' && target ? (item.target_type as ContentTarget) : null;
    const effects: ApplyEffects = { released: false, contentChanged: false, actionId, ended: null };
    switch (action) {
      case 'dismiss':
        // Hidden by reports or held for approval: reviewed and fine, so it shows again.
        if (content && target && target.state !== 'visible' && target.state !== 'removed') {
          effects.released = target.state === 'pending';
          await this.repo.setState(m, content, target.id, 'visible', null);
          effects.contentChanged = true;
        }
        break;
      case 'hide':
      case 'remove':
        if (!content || !target) throw new AppError('ACTION_NOT_ALLOWED');
        await this.repo.setState(m, content, target.id, action === 'hide' ? 'hidden' : 'removed', action === 'remove' ? note : null);
        effects.contentChanged = true;
        break;
      case 'mute':
        await this.repo.mute(m, item.space_id!, item.subject_user_id!, until!);
        break;
      case 'remove_from_space':
        // The same removal as a keeper's: a ban (until `until`, or for good) that keeps them out.
        await this.spaces.expel(m, item.space_id!, item.subject_user_id!, { until, reason: note, by: user.id });
        break;
      case 'suspend':
        effects.ended = await this.suspendIn(m, item.subject_user_id!, until);
        break;
      case 'warn':
        break;
    }
    return effects;
  }

  private async afterEffects(item: ItemRow, target: TargetInfo | null, input: ResolveInput, effects: ApplyEffects, subject: string | null) {
    if (effects.contentChanged && target) this.contentChanged(target, effects.released);
    if (input.action === 'remove_from_space' && subject && item.space_id) await this.spaces.afterLeaving(item.space_id, subject);
    if (effects.ended && subject) this.suspensionTookEffect(subject, effects.ended);
    if (subject && input.action !== 'dismiss' && item.kind !== 'safeguarding') {
      await this.notifications.notify(subject, `moderation.${input.action}`, {
        actionId: effects.actionId,
        targetType: item.target_type,
        targetId: item.target_id,
        spaceId: item.space_id,
        reason: input.note,
        until: input.until ?? null,
      });
    }
  }

  private async undo(m: EntityManager, appeal: NonNullable<Awaited<ReturnType<ModerationRepository['appealWithAction']>>>): Promise<TargetInfo | null> {
    const type = appeal.target_type as ReportTarget;
    switch (appeal.action) {
      case 'hide':
      case 'remove':
        if (type !== 'user' && appeal.target_id) {
          await this.repo.setState(m, type, appeal.target_id, 'visible', null);
          return this.repo.target(type, appeal.target_id, m);
        }
        return null;
      case 'mute':
        if (appeal.space_id && appeal.subject_user_id) await this.repo.unmute(m, appeal.space_id, appeal.subject_user_id);
        return null;
      case 'remove_from_space':
        if (appeal.space_id && appeal.subject_user_id) await this.spaces.readmit(m, appeal.space_id, appeal.subject_user_id);
        return null;
      case 'suspend':
        if (appeal.subject_user_id) await this.unsuspendIn(m, appeal.subject_user_id);
        return null;
      default:
        return null;
    }
  }

  private checkAction(user: AuthUser, item: ItemRow, action: ModerationAction): void {
    // First, so the answer is the same whatever the action: one never judges a report about oneself.
    if (item.subject_user_id === user.id) throw new AppError('REPORT_ABOUT_YOU');
    const needsSpace = action === 'mute' || action === 'remove_from_space';
    const needsSubject = ['warn', 'mute', 'remove_from_space', 'suspend'].includes(action);
    if (action === 'suspend' && !isAdmin(user)) throw new AppError('FORBIDDEN');
    if (needsSpace && !item.space_id) throw new AppError('ACTION_NOT_ALLOWED');
    if (needsSubject && !item.subject_user_id) throw new AppError('ACTION_NOT_ALLOWED');
    if ((action === 'hide' || action === 'remove') && item.target_type === 'user') throw new AppError('ACTION_NOT_ALLOWED');
    // Safeguarding is care, not punishment: the only outcome is closing it.
    if (item.kind === 'safeguarding' && action !== 'dismiss') throw new AppError('ACTION_NOT_ALLOWED');
  }

  /** The reported things behind the items, one query per kind of thing rather than one per item. */
  private async targetsOf(rows: ItemRow[]): Promise<Map<string, TargetInfo>> {
    const byType = new Map<ReportTarget, string[]>();
    for (const row of rows) byType.set(row.target_type, [...(byType.get(row.target_type) ?? []), row.target_id]);
    const found = await Promise.all([...byType].map(([type, ids]) => this.repo.targets(type, ids)));
    return new Map(found.flatMap((map) => [...map.values()].map((t): [string, TargetInfo] => [`${t.type}:${t.id}`, t])));
  }

  private async mayDecide(user: AuthUser, item: ItemRow): Promise<void> {
    if (item.kind === 'safeguarding') {
      if (!isSafeguardingLead(user)) throw new AppError('ITEM_NOT_FOUND');
      return;
    }
    if (isAdmin(user)) return;
    if (!item.space_id) throw new AppError('ITEM_NOT_FOUND');
    await this.spaces.authorize(user, item.space_id, 'removeMember').catch(() => {
      throw new AppError('ITEM_NOT_FOUND');
    });
  }

  private async mayManageWords(user: AuthUser, spaceId: string | null): Promise<void> {
    if (spaceId) {
      if (!isAdmin(user)) await this.spaces.authorize(user, spaceId, 'removeMember');
    } else if (!isAdmin(user)) throw new AppError('FORBIDDEN');
  }

  /** Reporters may only report what they can see; anything else looks absent. */
  private async visibleTarget(user: AuthUser, type: ReportTarget, id: string): Promise<TargetInfo> {
    const target = await this.repo.target(type, id);
    if (!target) throw new AppError('REPORT_TARGET_NOT_FOUND');
    const hidden = () => new AppError('REPORT_TARGET_NOT_FOUND');
    switch (type) {
      case 'message':
        await this.spaces.authorize(user, target.spaceId!, 'read').catch(() => Promise.reject(hidden()));
        break;
      case 'story':
        await this.stories.get(user, id).catch(() => Promise.reject(hidden()));
        break;
      case 'comment': {
        const storyId = await this.repo.storyOfComment(id);
        await this.stories.get(user, storyId!).catch(() => Promise.reject(hidden()));
        break;
      }
      case 'event':
        await this.events.get(user, id).catch(() => Promise.reject(hidden()));
        break;
      case 'user':
        if (id === user.id) throw new AppError('ACTION_NOT_ALLOWED');
        break;
      case 'resource':
      case 'tip':
        // Public directory content: anyone signed in may report what they can read.
        if (target.state !== 'visible') throw hidden();
        break;
    }
    return target;
  }

  private contentChanged(target: TargetInfo, released: boolean): void {
    if (target.type === 'user') return;
    const payload: ContentModerated = { targetType: target.type, targetId: target.id, spaceId: target.spaceId, released };
    this.emitter.emit(CONTENT_MODERATED, payload);
  }

  /** A log line: never the reporters; the moderator by name only where the space chose so. */
  private toLogEntry(a: ActionRow, withModerator: boolean) {
    return {
      id: a.id,
      action: a.action,
      targetType: a.target_type,
      spaceId: a.space_id,
      reason: a.reason,
      guideline: a.guideline,
      until: a.until?.toISOString() ?? null,
      ...(a.role && { role: a.role }),
      createdAt: a.created_at.toISOString(),
      moderator: a.actor_id === null ? null : withModerator ? (a.actor_username ?? null) : undefined,
    };
  }
}
