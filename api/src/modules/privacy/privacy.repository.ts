import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { readableNotificationsOfSql } from '../notifications/notification-queries.sql.js';
import { pruneSearchWords } from '../search/search-words.sweep.js';

/** Days a deleted person's soft-deleted content stays in the database before it is purged. */
export const PURGE_AFTER_DAYS = 30;

/**
 * Everything the platform holds about one person, table by table. The export reads it; account
 * deletion empties it. A test checks that every table with a column pointing at users is named here.
 */
@Injectable()
export class PrivacyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Drops the given typo-dictionary words that no document holds any more. */
  pruneSearchWords(words: string[]): Promise<number> {
    return pruneSearchWords(this.db, words);
  }

  /** One query per table; each answers rows that are the person's own. */
  async exportOf(userId: string): Promise<Record<string, unknown[]>> {
    const q = (sql: string) => this.db.query(sql, [userId]);
    const [account] = await q(`SELECT id, username, display_name, locale, roles, status, created_at, updated_at FROM users WHERE id = $1`);
    return {
      account: [account],
      sessions: await q(`SELECT created_at, last_seen_at, expires_at FROM sessions WHERE user_id = $1`),
      accessTokens: await q(`SELECT id, name, created_at, last_used_at, expires_at FROM access_tokens WHERE user_id = $1`),
      recoveryCodes: await q(`SELECT created_at, used_at FROM recovery_codes WHERE user_id = $1`),
      blocks: await q(`SELECT b.blocked_id AS user_id, u.username, b.created_at FROM user_blocks b JOIN users u ON u.id = b.blocked_id WHERE b.blocker_id = $1`),
      spaceMemberships: await q(`SELECT m.space_id, s.name AS space_name, m.role, m.joined_at, m.accepted_guidelines_version, m.last_read_seq, m.show_typing
                                   FROM space_members m JOIN spaces s ON s.id = m.space_id WHERE m.user_id = $1`),
      spacesCreated: await q(`SELECT id, name, slug, created_at FROM spaces WHERE created_by = $1`),
      joinRequests: await q(`SELECT space_id, note, status, created_at, decided_at FROM space_join_requests WHERE user_id = $1`),
      joinRequestsDecided: await q(`SELECT space_id, status, decided_at FROM space_join_requests WHERE decided_by = $1`),
      invitesCreated: await q(`SELECT space_id, max_uses, uses, expires_at, created_at FROM space_invites WHERE created_by = $1`),
      messages: await q(`SELECT id, space_id, seq, body, reply_to_id, created_at, edited_at, deleted_at, moderation_state FROM messages WHERE author_id = $1 ORDER BY created_at`),
      messageRevisions: await q(`SELECT e.message_id, e.previous_body, e.kind, e.created_at FROM message_edits e JOIN messages m ON m.id = e.message_id WHERE m.author_id = $1`),
      messageReactions: await q(`SELECT message_id, kind, created_at FROM message_reactions WHERE user_id = $1`),
      mentions: await q(`SELECT message_id FROM message_mentions WHERE user_id = $1`),
      conversations: await q(`SELECT id, space_id, origin, state, initiator_id = $1 AS started_by_me, created_at FROM conversations WHERE initiator_id = $1 OR recipient_id = $1`),
      messageSettings: await q(`SELECT allow_from, updated_at FROM message_settings WHERE user_id = $1`),
      stories: await q(`SELECT id, title, content, content_warnings, visibility, space_id, language, topics, status, anonymous, consent_handbook,
                               comments_enabled, published_at, edited_at, created_at, deleted_at, moderation_state FROM stories WHERE author_id = $1`),
      storyConsents: await q(`SELECT c.story_id, c.handbook, c.created_at FROM story_consents c JOIN stories s ON s.id = c.story_id WHERE s.author_id = $1`),
      storyReactions: await q(`SELECT story_id, kind, created_at FROM story_reactions WHERE user_id = $1`),
      storyComments: await q(`SELECT id, story_id, reply_to_id, content, created_at, edited_at, deleted_at FROM story_comments WHERE author_id = $1`),
      storiesRevealed: await q(`SELECT story_id, created_at FROM story_reveals WHERE user_id = $1`),
      handbookEditionsEdited: await q(`SELECT id, organization_id, title, status, publish_at, published_at, created_by = $1 AS created_by_me, frozen_by = $1 AS frozen_by_me, created_at
                                         FROM handbook_editions WHERE created_by = $1 OR frozen_by = $1`),
      handbookInclusions: await q(`SELECT he.edition_id, e.title AS edition_title, e.status AS edition_status, he.story_id, he.title, he.withdrawn_at, he.anonymous,
                                          he.contributor_name, he.created_at FROM handbook_entries he JOIN handbook_editions e ON e.id = he.edition_id WHERE he.author_id = $1`),
      contentNotePreferences: await q(`SELECT note, mode FROM content_note_preferences WHERE user_id = $1`),
      firstSteps: await q(`SELECT step, done_at FROM first_steps WHERE user_id = $1`),
      eventsCreated: await q(`SELECT id, title, kind, starts_at, ends_at, timezone, rrule, space_id, created_at FROM events WHERE created_by = $1`),
      eventRsvps: await q(`SELECT event_id, occurrence, status, created_at, updated_at FROM event_rsvps WHERE user_id = $1`),
      eventMaterialsUploaded: await q(`SELECT id, event_id, title, file_name, content_type, size_bytes, created_at FROM event_materials WHERE uploaded_by = $1`),
      // Which events' feedback forms they answered; the answers themselves hold no person, so none are theirs to export.
      eventFeedbackGiven: await q(`SELECT event_id FROM event_feedback_respondents WHERE user_id = $1`),
      reminderPreferences: await q(`SELECT minutes_before FROM reminder_preferences WHERE user_id = $1`),
      calendarFeed: await q(`SELECT created_at FROM calendar_feeds WHERE user_id = $1`),
      // Only the notifications the person may still read, like every list of them: a report they
      // no longer review or news of a space they were removed from is not theirs to carry away.
      notifications: await q(`SELECT n.kind, n.data, n.created_at, n.read_at FROM notifications n WHERE ${readableNotificationsOfSql('$1')} ORDER BY n.created_at`),
      reportsMade: await q(`SELECT r.reason, r.note, r.created_at, i.target_type, i.target_id FROM reports r JOIN review_items i ON i.id = r.review_item_id WHERE r.reporter_id = $1`),
      moderationActionsAboutMe: await q(`SELECT id, action, target_type, target_id, space_id, reason, guideline, until, created_at FROM moderation_actions WHERE subject_user_id = $1`),
      moderationActionsTaken: await q(`SELECT id, action, target_type, target_id, space_id, reason, guideline, until, created_at FROM moderation_actions WHERE actor_id = $1`),
      appeals: await q(`SELECT action_id, note, status, decision_note, created_at, decided_at FROM appeals WHERE user_id = $1`),
      appealsDecided: await q(`SELECT id, status, decision_note, decided_at FROM appeals WHERE decided_by = $1`),
      watchedWordsAdded: await q(`SELECT word, action, language, space_id, created_at FROM watched_words WHERE created_by = $1`),
      bannersCreated: await q(`SELECT message, starts_at, ends_at, created_at FROM emergency_banners WHERE created_by = $1`),
      spaceMutes: await q(`SELECT space_id, until FROM space_mutes WHERE user_id = $1`),
      spaceBans: await q(`SELECT space_id, until, reason, created_at FROM space_bans WHERE user_id = $1`),
      spaceBansIssued: await q(`SELECT space_id, user_id, until, reason, created_at FROM space_bans WHERE banned_by = $1`),
      organizationsCreated: await q(`SELECT id, name, slug, created_at FROM organizations WHERE created_by = $1`),
      organizationsVerified: await q(`SELECT id, name, verified_at FROM organizations WHERE verified_by = $1`),
      organizationMemberships: await q(`SELECT organization_id, role, created_at FROM organization_members WHERE user_id = $1`),
      resourcesCreated: await q(`SELECT id, organization_id, name, created_at FROM resources WHERE created_by = $1`),
      resourcesVerified: await q(`SELECT id, name, last_verified_at FROM resources WHERE last_verified_by = $1`),
      resourceEdits: await q(`SELECT resource_id, action, changes, created_at FROM resource_history WHERE actor_id = $1`),
      resourceTips: await q(`SELECT resource_id, body, moderation_state, created_at, deleted_at FROM resource_tips WHERE author_id = $1`),
      hsdsImports: await q(`SELECT resource_id, organization_id, imported_at FROM hsds_documents WHERE imported_by = $1`),
      ...(await this.mentoringExportOf(q)),
      ...(await this.notificationExportOf(q)),
      ...(await this.expertsExportOf(q)),
    };
  }

  /** Experts by experience: the person's own contributions in full, and what they did as staff. */
  private async expertsExportOf(q: (sql: string) => Promise<unknown[]>): Promise<Record<string, unknown[]>> {
    return {
      expertListings: await q(`SELECT organization_id, invited_at, accepted_at FROM expert_listings WHERE expert_id = $1`),
      expertContributions: await q(`SELECT id, organization_id, kind, title, to_char(happened_on, 'YYYY-MM-DD') AS date, hours::float8 AS hours, theme, currency,
                                           fee_amount::float8 AS fee_amount, fee_declined, expenses_amount::float8 AS expenses_amount, status, note, reflection,
                                           reflected_at, created_at, updated_at
                                      FROM expert_contributions WHERE expert_id = $1 ORDER BY happened_on, id`),
      expertInvitationsSent: await q(`SELECT organization_id, expert_id, invited_at FROM expert_listings WHERE invited_by = $1`),
      expertContributionsLogged: await q(`SELECT id, organization_id, kind, to_char(happened_on, 'YYYY-MM-DD') AS date, created_at FROM expert_contributions WHERE created_by = $1`),
    };
  }

  /**
   * Mentoring and the mentors' circle. A case card is about a mentee but in its author's words: the
   * author gets the text; the mentee learns only that a card exists, when it was posted, discussed
   * (view dates, never who viewed) and expires. Private feedback is the author's own words.
   */
  private async mentoringExportOf(q: (sql: string) => Promise<unknown[]>): Promise<Record<string, unknown[]>> {
    return {
      mentoringProfile: await q(`SELECT role, languages, city, availability, experiences, about, capacity, open, visibility, created_at, updated_at
                                   FROM mentoring_profiles WHERE user_id = $1`),
      // Both sides of a match know each other; a staff member who suggested a pair sees only that they did.
      // A deleted account's id stays in its matches until the purge; nobody's export names it.
      mentoringMatches: await q(`SELECT id, CASE WHEN mentor_id = $1 THEN 'mentor' WHEN mentee_id = $1 THEN 'mentee' ELSE 'suggested' END AS my_role,
                                        (SELECT o.id FROM users o WHERE o.status <> 'deleted'
                                            AND o.id = CASE WHEN mentor_id = $1 THEN mentee_id WHEN mentee_id = $1 THEN mentor_id END) AS other_user_id,
                                        state, requested_by = $1 AS requested_by_me, CASE WHEN requested_by = $1 THEN intro END AS intro,
                                        suggested_by_organization_id, conversation_id, mentee_accepted_at, mentor_accepted_at, started_at, paused_at, ended_at,
                                        CASE WHEN mentor_id = $1 THEN mentor_keeps_conversation WHEN mentee_id = $1 THEN mentee_keeps_conversation END AS keep_conversation,
                                        created_at
                                   FROM mentoring_matches WHERE mentor_id = $1 OR mentee_id = $1 OR requested_by = $1 ORDER BY created_at`),
      mentoringAgreements: await q(`SELECT match_id, version, how_often, channel, coordinator_may_see, how_to_end, created_at FROM mentoring_agreements WHERE written_by = $1`),
      mentoringFeedback: await q(`SELECT match_id, organization_id, note, created_at FROM mentoring_feedback WHERE author_id = $1`),
      caseDiscussionPermissionsGiven: await q(`SELECT mentor_id, granted_at, withdrawn_at FROM case_discussion_permissions WHERE mentee_id = $1`),
      caseDiscussionPermissionsReceived: await q(`SELECT mentee_id, granted_at, withdrawn_at FROM case_discussion_permissions WHERE mentor_id = $1`),
      caseCardsWritten: await q(`SELECT id, organization_id, alias, body, created_at, expires_at FROM case_cards WHERE author_id = $1`),
      caseCardsAboutMe: await q(`SELECT c.id, c.created_at, c.expires_at,
                                        coalesce((SELECT array_agg(DISTINCT (v.viewed_at AT TIME ZONE 'UTC')::date::text ORDER BY (v.viewed_at AT TIME ZONE 'UTC')::date::text)
                                                    FROM case_card_views v WHERE v.card_id = c.id), '{}') AS discussed_on
                                   FROM case_cards c WHERE c.mentee_id = $1`),
      caseCardViews: await q(`SELECT card_id, viewed_at FROM case_card_views WHERE viewer_id = $1`),
      mentorCirclesCreated: await q(`SELECT organization_id, space_id, created_at FROM mentor_circles WHERE created_by = $1`),
      circleMemberships: await q(`SELECT organization_id, created_at FROM organization_mentors WHERE user_id = $1`),
      circleMentorsMarked: await q(`SELECT organization_id, user_id, created_at FROM organization_mentors WHERE marked_by = $1`),
      // Whom an entry is about is given only for their own actions; who acted on them is not.
      organizationLog: await q(`SELECT id, organization_id, action, actor_id = $1 AS by_me, subject_id = $1 AS about_me,
                                       CASE WHEN actor_id = $1 THEN subject_id END AS subject_id, created_at
                                  FROM organization_log WHERE actor_id = $1 OR subject_id = $1 ORDER BY created_at`),
    };
  }

  /** Notification settings, the e-mail address and delivery records; never a push subscription's keys or a push endpoint's path. */
  private async notificationExportOf(q: (sql: string) => Promise<unknown[]>): Promise<Record<string, unknown[]>> {
    return {
      notificationPreferences: await q(`SELECT channels, quiet_from, quiet_to, timezone, quiet_enabled, previews, updated_at FROM notification_preferences WHERE user_id = $1`),
      notificationSpaceLevels: await q(`SELECT space_id, level FROM notification_space_levels WHERE user_id = $1`),
      notificationDeliveries: await q(`SELECT n.kind, d.channel, d.status, d.created_at, d.settled_at
                                         FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE d.user_id = $1 ORDER BY d.created_at`),
      // The endpoint's path is a capability for that device: only the push service's origin is shown.
      pushSubscriptions: await q(`SELECT id, name, substring(endpoint from '^[a-z]+://[^/?#]+') AS endpoint_origin, created_at, last_used_at FROM push_subscriptions WHERE user_id = $1`),
      pushConversationSends: await q(`SELECT batch_key, last_sent_at FROM push_conversation_sends WHERE user_id = $1`),
      // The address they added for e-mail; never the confirmation token's hash or the link nonce.
      notificationEmail: await q(`SELECT address, verified_at, failing_at, last_sent_at, created_at, updated_at FROM notification_emails WHERE user_id = $1`),
      userActivity: await q(`SELECT last_active_at FROM user_activity WHERE user_id = $1`),
    };
  }

  async passwordHash(userId: string): Promise<string | null> {
    const rows = await this.db.query(`SELECT password_hash FROM users WHERE id = $1`, [userId]);
    return rows[0]?.password_hash ?? null;
  }

  /** Spaces where the person is the only host: someone else must keep them. */
  async handOverHostedSpaces(m: EntityManager, userId: string): Promise<void> {
    const spaces: { space_id: string }[] = await m.query(
      `SELECT space_id FROM space_members h WHERE h.user_id = $1 AND h.role = 'host'
          AND NOT EXISTS (SELECT 1 FROM space_members o WHERE o.space_id = h.space_id AND o.role = 'host' AND o.user_id <> $1)`,
      [userId],
    );
    for (const { space_id } of spaces) {
      // The longest-serving moderator, else the longest-standing member; an empty space is archived.
      const [next] = await m.query(
        `SELECT user_id FROM space_members WHERE space_id = $1 AND user_id <> $2
          ORDER BY CASE role WHEN 'moderator' THEN 0 ELSE 1 END, joined_at LIMIT 1`,
        [space_id, userId],
      );
      if (next) await m.query(`UPDATE space_members SET role = 'host' WHERE space_id = $1 AND user_id = $2`, [space_id, next.user_id]);
      else await m.query(`UPDATE spaces SET archived_at = coalesce(archived_at, now()) WHERE id = $1`, [space_id]);
    }
  }

  /**
   * Organisations where the person is the only admin keep one: their longest-serving staff member
   * becomes admin, as a space's longest-serving moderator becomes its host, and the organisation's
   * log says so. With no other staff the organisation is left to the platform's admins (who may
   * always name its staff) and waits, unchanged, for them. Answers what was handed over.
   */
  async handOverAdministeredOrganizations(m: EntityManager, userId: string): Promise<{ organization_id: string; next_admin: string | null }[]> {
    const orgs: { organization_id: string }[] = await m.query(
      `SELECT a.organization_id FROM organization_members a WHERE a.user_id = $1 AND a.role = 'admin'
          AND NOT EXISTS (SELECT 1 FROM organization_members o WHERE o.organization_id = a.organization_id AND o.role = 'admin' AND o.user_id <> $1)
        ORDER BY a.organization_id FOR UPDATE`,
      [userId],
    );
    const out: { organization_id: string; next_admin: string | null }[] = [];
    for (const { organization_id } of orgs) {
      const [next] = await m.query(
        `SELECT om.user_id FROM organization_members om JOIN users u ON u.id = om.user_id AND u.status = 'active'
          WHERE om.organization_id = $1 AND om.user_id <> $2 ORDER BY om.created_at, om.user_id LIMIT 1`,
        [organization_id, userId],
      );
      if (next) {
        await m.query(`UPDATE organization_members SET role = 'admin' WHERE organization_id = $1 AND user_id = $2`, [organization_id, next.user_id]);
        await m.query(`INSERT INTO organization_log (organization_id, actor_id, action, subject_id) VALUES ($1, NULL, 'admin_handed_over', $2)`, [organization_id, next.user_id]);
      }
      out.push({ organization_id, next_admin: next?.user_id ?? null });
    }
    return out;
  }

  /**
   * The typo dictionary's words (search_words_of) of what the person wrote that is searchable now:
   * read before their contributions go, so those words can be pruned once nothing else holds them.
   */
  async searchWordsOf(m: EntityManager, userId: string): Promise<string[]> {
    // No batch of queued messages is indexed beside this transaction (IndexMessagesAfterTheSend):
    // one running now finishes first, so its words are read here; later ones find the messages gone.
    await m.query(`SELECT search_index_hold()`);
    const rows: { word: string }[] = await m.query(
      `SELECT DISTINCT w AS word FROM search_documents d, search_words_of(d.folded) w
        WHERE (d.type = 'message' AND d.id IN (SELECT id FROM messages WHERE author_id = $1))
           OR (d.type = 'story' AND d.id IN (SELECT id FROM stories WHERE author_id = $1))
           OR (d.type = 'comment' AND d.id IN (SELECT id FROM story_comments WHERE author_id = $1))`,
      [userId],
    );
    return rows.map((r) => r.word);
  }

  /** Takes the person's words down: tombstones now, rows purged after 30 days. */
  async removeContributions(m: EntityManager, userId: string): Promise<void> {
    await m.query(`DELETE FROM message_edits WHERE message_id IN (SELECT id FROM messages WHERE author_id = $1)`, [userId]);
    await m.query(`UPDATE messages SET body = '', deleted_at = coalesce(deleted_at, now()) WHERE author_id = $1`, [userId]);
    await m.query(`UPDATE stories SET deleted_at = coalesce(deleted_at, now()) WHERE author_id = $1`, [userId]);
    await m.query(`UPDATE story_comments SET deleted_at = coalesce(deleted_at, now()) WHERE author_id = $1`, [userId]);
    await m.query(`DELETE FROM message_reactions WHERE user_id = $1`, [userId]);
    await m.query(`DELETE FROM story_reactions WHERE user_id = $1`, [userId]);
    await m.query(`UPDATE mentoring_matches SET intro = '' WHERE requested_by = $1`, [userId]);
    await m.query(`DELETE FROM mentoring_feedback WHERE author_id = $1`, [userId]);
    // Published handbook copies cannot be recalled: their stories stay, now without a name ("Anonymous").
    await m.query(`UPDATE handbook_entries SET anonymous = true, contributor_name = NULL WHERE author_id = $1`, [userId]);
  }

  /**
   * What stays (anonymised words, and in both cases the moderation record) no longer points at the
   * person; everything that was theirs alone goes now.
   */
  async detachAndErase(m: EntityManager, userId: string): Promise<void> {
    // Their live matches end as a block would end them (asked → declined, ongoing → ended); the
    // match rows stay for the other side, pointing at the anonymised account, and the conversation
    // is no longer kept on their behalf, so it is deleted on the usual schedule.
    await m.query(
      `UPDATE mentoring_matches
          SET state = CASE WHEN state = 'requested' THEN 'declined' WHEN state IN ('active', 'paused') THEN 'ended' ELSE state END,
              ended_at = CASE WHEN state IN ('requested', 'active', 'paused') THEN now() ELSE ended_at END,
              next_check_in_at = NULL,
              mentor_keeps_conversation = mentor_keeps_conversation AND mentor_id <> $1,
              mentee_keeps_conversation = mentee_keeps_conversation AND mentee_id <> $1
        WHERE mentor_id = $1 OR mentee_id = $1`,
      [userId],
    );
    // As when a match ends: its conversation closes for writing; reading stays for the other side.
    await m.query(
      `UPDATE spaces SET archived_at = coalesce(archived_at, now())
        WHERE id IN (SELECT c.space_id FROM mentoring_matches mm JOIN conversations c ON c.id = mm.conversation_id WHERE mm.mentor_id = $1 OR mm.mentee_id = $1)`,
      [userId],
    );
    // Their stories leave every handbook edition not yet published; in published ones a named
    // contribution becomes "a former member" (contributor_name NULL, not anonymous), anonymous stays anonymous.
    await m.query(
      `UPDATE handbook_entries he SET withdrawn_at = coalesce(he.withdrawn_at, now()), title = ''
         FROM handbook_editions e WHERE e.id = he.edition_id AND he.author_id = $1 AND e.status <> 'published'`,
      [userId],
    );
    await m.query(`UPDATE handbook_entries SET contributor_name = NULL WHERE author_id = $1`, [userId]);
    for (const [table, column] of [
      ['handbook_entries', 'author_id'], ['handbook_editions', 'created_by'], ['handbook_editions', 'frozen_by'],
      ['messages', 'author_id'], ['stories', 'author_id'], ['story_comments', 'author_id'], ['events', 'created_by'], ['spaces', 'created_by'],
      ['space_invites', 'created_by'], ['space_join_requests', 'decided_by'], ['reports', 'reporter_id'], ['review_items', 'subject_user_id'],
      ['review_items', 'resolved_by'], ['moderation_actions', 'actor_id'], ['moderation_actions', 'subject_user_id'], ['appeals', 'user_id'],
      ['appeals', 'decided_by'], ['watched_words', 'created_by'], ['emergency_banners', 'created_by'], ['space_bans', 'banned_by'],
      ['mentoring_matches', 'requested_by'], ['mentoring_agreements', 'written_by'], ['mentoring_feedback', 'author_id'],
      ['case_card_views', 'viewer_id'], ['mentor_circles', 'created_by'], ['organization_mentors', 'marked_by'], ['organization_log', 'actor_id'],
      ['organization_log', 'subject_id'], ['organizations', 'created_by'], ['organizations', 'verified_by'], ['resources', 'created_by'],
      ['resources', 'last_verified_by'], ['resource_history', 'actor_id'], ['resource_tips', 'author_id'], ['hsds_documents', 'imported_by'],
      // Their conversations stay readable for the other person until the purge, but no longer say who they were with.
      ['conversations', 'initiator_id'], ['conversations', 'recipient_id'],
      ['event_materials', 'uploaded_by'],
      ['expert_listings', 'invited_by'], ['expert_contributions', 'created_by'],
    ]) {
      await m.query(`UPDATE ${table} SET ${column} = NULL WHERE ${column} = $1`, [userId]);
    }
    // Sessions, tokens and the calendar feed end through SessionService.endAllOf (the service).
    for (const table of ['recovery_codes', 'space_members', 'space_join_requests', 'space_mutes', 'space_bans', 'message_mentions', 'story_reveals',
      'content_note_preferences', 'event_rsvps', 'event_feedback_respondents', 'reminder_preferences', 'notification_deliveries', 'notifications', 'first_steps', 'mentoring_profiles',
      'notification_preferences', 'notification_space_levels', 'push_subscriptions', 'push_conversation_sends', 'user_activity', 'notification_emails']) {
      await m.query(`DELETE FROM ${table} WHERE user_id = $1`, [userId]);
    }
    await m.query(`DELETE FROM user_blocks WHERE blocker_id = $1 OR blocked_id = $1`, [userId]);
    // Others' notifications named them ("kata mentioned you"): they keep the news, not the name.
    await m.query(`UPDATE notifications SET data = data - 'authorName' - 'authorId' WHERE data ? 'authorId' AND data->>'authorId' = $1::text`, [userId]);
    // Case cards about or by them go with the permission they hang on; so does their place in circles.
    await m.query(`DELETE FROM case_discussion_permissions WHERE mentee_id = $1 OR mentor_id = $1`, [userId]);
    await m.query(`DELETE FROM organization_mentors WHERE user_id = $1`, [userId]);
    await m.query(`DELETE FROM organization_members WHERE user_id = $1`, [userId]);
    // Experts by experience: the organisation keeps the hours and money for its totals, as "a
    // former member"; the person's reflection and the staff note (which may describe them) go.
    await m.query(`UPDATE expert_contributions SET expert_id = NULL, reflection = NULL, reflected_at = NULL, note = NULL, updated_at = now() WHERE expert_id = $1`, [userId]);
    await m.query(`DELETE FROM expert_listings WHERE expert_id = $1`, [userId]);
    // The row stays (its name reserved) until the purge; nothing in it identifies the person.
    await m.query(
      `UPDATE users SET status = 'deleted', deleted_at = now(), username = 'former-member', display_name = NULL, display_name_skeleton = NULL, password_hash = '!',
              roles = '{member}', suspended_until = NULL, updated_at = now() WHERE id = $1`,
      [userId],
    );
  }

  /** Soft-deleted rows older than 30 days, and deleted accounts, are removed for good. */
  async purge(): Promise<Record<string, number>> {
    const interval = `now() - make_interval(days => ${PURGE_AFTER_DAYS})`;
    const counts: Record<string, number> = {};
    const run = async (name: string, sql: string) => {
      const rows = await this.db.query(`WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone`);
      counts[name] = rows[0].n;
    };
    await run('messages', `DELETE FROM messages WHERE deleted_at < ${interval}`);
    await run('stories', `DELETE FROM stories WHERE deleted_at < ${interval}`);
    // A comment with answers under it stays as an empty tombstone so the answers keep their place.
    await run('commentsEmptied', `UPDATE story_comments SET content = '{}', html = '' WHERE deleted_at < ${interval} AND html <> ''
                                   AND EXISTS (SELECT 1 FROM story_comments r WHERE r.reply_to_id = story_comments.id)`);
    await run('comments', `DELETE FROM story_comments c WHERE c.deleted_at < ${interval}
                            AND NOT EXISTS (SELECT 1 FROM story_comments r WHERE r.reply_to_id = c.id)`);
    await run('accounts', `DELETE FROM users WHERE status = 'deleted' AND deleted_at < ${interval}`);
    return counts;
  }
}
