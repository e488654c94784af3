/**
 * GET /api/me/export is complete: every column in the database that points at users is read by a
 * non-empty section of the archive (a new table without one fails here, by name), and the archive
 * carries no secret.
 */
import { startApi, type TestApi } from '../support/api-server.js';
import { expectNoSecrets } from '../support/http.js';
import { call, closeAllSockets, connect } from '../support/sockets.js';
import { resourceBody } from '../support/directory.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

/** Which section of the export reads each (table, column) that refers to users(id). */
const SECTION_OF: Record<string, string> = {
  'sessions.user_id': 'sessions',
  'access_tokens.user_id': 'accessTokens',
  'recovery_codes.user_id': 'recoveryCodes',
  'user_blocks.blocker_id': 'blocks',
  'spaces.created_by': 'spacesCreated',
  'space_members.user_id': 'spaceMemberships',
  'space_join_requests.user_id': 'joinRequests',
  'space_join_requests.decided_by': 'joinRequestsDecided',
  'space_invites.created_by': 'invitesCreated',
  'messages.author_id': 'messages',
  'message_reactions.user_id': 'messageReactions',
  'message_mentions.user_id': 'mentions',
  'stories.author_id': 'stories',
  'story_reactions.user_id': 'storyReactions',
  'story_comments.author_id': 'storyComments',
  'story_reveals.user_id': 'storiesRevealed',
  'handbook_editions.created_by': 'handbookEditionsEdited',
  'handbook_editions.frozen_by': 'handbookEditionsEdited',
  'handbook_entries.author_id': 'handbookInclusions',
  'content_note_preferences.user_id': 'contentNotePreferences',
  'first_steps.user_id': 'firstSteps',
  'events.created_by': 'eventsCreated',
  'event_rsvps.user_id': 'eventRsvps',
  'event_materials.uploaded_by': 'eventMaterialsUploaded',
  'event_feedback_respondents.user_id': 'eventFeedbackGiven',
  'reminder_preferences.user_id': 'reminderPreferences',
  'calendar_feeds.user_id': 'calendarFeed',
  'notifications.user_id': 'notifications',
  'reports.reporter_id': 'reportsMade',
  // A review item about you becomes part of your record once someone acts on it.
  'review_items.subject_user_id': 'moderationActionsAboutMe',
  'review_items.resolved_by': 'moderationActionsTaken',
  'moderation_actions.actor_id': 'moderationActionsTaken',
  'moderation_actions.subject_user_id': 'moderationActionsAboutMe',
  'appeals.user_id': 'appeals',
  'appeals.decided_by': 'appealsDecided',
  'space_mutes.user_id': 'spaceMutes',
  'space_bans.user_id': 'spaceBans',
  'space_bans.banned_by': 'spaceBansIssued',
  'watched_words.created_by': 'watchedWordsAdded',
  'emergency_banners.created_by': 'bannersCreated',
  'organizations.created_by': 'organizationsCreated',
  'organizations.verified_by': 'organizationsVerified',
  'organization_members.user_id': 'organizationMemberships',
  'resources.created_by': 'resourcesCreated',
  'resources.last_verified_by': 'resourcesVerified',
  'resource_history.actor_id': 'resourceEdits',
  'resource_tips.author_id': 'resourceTips',
  'hsds_documents.imported_by': 'hsdsImports',
  'conversations.initiator_id': 'conversations',
  'conversations.recipient_id': 'conversations',
  'message_settings.user_id': 'messageSettings',
  'mentoring_profiles.user_id': 'mentoringProfile',
  'mentoring_matches.mentor_id': 'mentoringMatches',
  'mentoring_matches.mentee_id': 'mentoringMatches',
  'mentoring_matches.requested_by': 'mentoringMatches',
  'mentoring_agreements.written_by': 'mentoringAgreements',
  'mentoring_feedback.author_id': 'mentoringFeedback',
  'case_discussion_permissions.mentee_id': 'caseDiscussionPermissionsGiven',
  'case_discussion_permissions.mentor_id': 'caseDiscussionPermissionsReceived',
  // A card about a mentee: its author gets the text; the mentee only that it exists and when.
  'case_cards.author_id': 'caseCardsWritten',
  'case_cards.mentee_id': 'caseCardsAboutMe',
  'case_card_views.viewer_id': 'caseCardViews',
  'mentor_circles.created_by': 'mentorCirclesCreated',
  'organization_mentors.user_id': 'circleMemberships',
  'organization_mentors.marked_by': 'circleMentorsMarked',
  'organization_log.actor_id': 'organizationLog',
  'organization_log.subject_id': 'organizationLog',
  'notification_preferences.user_id': 'notificationPreferences',
  'notification_space_levels.user_id': 'notificationSpaceLevels',
  'notification_deliveries.user_id': 'notificationDeliveries',
  'push_subscriptions.user_id': 'pushSubscriptions',
  'push_conversation_sends.user_id': 'pushConversationSends',
  'notification_emails.user_id': 'notificationEmail',
  'user_activity.user_id': 'userActivity',
  'expert_listings.expert_id': 'expertListings',
  'expert_listings.invited_by': 'expertInvitationsSent',
  'expert_contributions.expert_id': 'expertContributions',
  'expert_contributions.created_by': 'expertContributionsLogged',
};
/** Columns that are deliberately someone else's data, with the reason. */
const NOT_EXPORTED: Record<string, string> = {
  'user_blocks.blocked_id': 'who blocked you is the blocker’s private choice',
};

let api: TestApi;
let me: RegisteredUser;
let token: string;
let feed: Json;
let pushKeys: { p256dh: string; auth: string };
const EMAIL_TOKEN_HASH = 'f'.repeat(64);
const EMAIL_LINK_NONCE = 'nonce-never-exported';
let mentor: RegisteredUser;
let mentee: RegisteredUser;
const CARD_ABOUT_ME = 'Worried about the first winter in the new flat.';

const text = (t: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] });
const week = new Date(Date.now() + 7 * 86_400_000);

beforeAll(async () => {
  api = await startApi();
  const [x, y, z, h] = await Promise.all(Array.from({ length: 4 }, () => registerUser(api.url)));
  me = await registerUser(api.url);
  const ok = async (res: PromiseLike<{ status: number; text: string; body: Json }>, status = [200, 201, 204]) => {
    const r = await res;
    if (!status.includes(r.status)) throw new Error(`answered ${r.status}: ${r.text}`);
    return r.body;
  };

  token = (await ok(me.agent.post('/api/auth/tokens').send({ name: 'export test' }))).token;
  // My private space; x asks to join and I let them in; y comes by invite; x moderates.
  const space = await ok(me.agent.post('/api/spaces').send({ name: 'My circle', description: 'Peers', visibility: 'private' }));
  const invite = await ok(me.agent.post(`/api/spaces/${space.id}/invites`).send({ maxUses: 5 }));
  await ok(x.agent.post(`/api/spaces/${space.id}/join`).send({ note: 'hi' }));
  const [request] = (await ok(me.agent.get(`/api/spaces/${space.id}/requests`))).items;
  await ok(me.agent.post(`/api/spaces/${space.id}/requests/${request.id}/approve`));
  await ok(y.agent.post(`/api/spaces/${space.id}/join`).send({ inviteToken: invite.token }));
  await ok(me.agent.patch(`/api/spaces/${space.id}/members/${x.user.id}`).send({ role: 'moderator' }));
  // Someone else's private space I asked to join.
  const theirs = await ok(h.agent.post('/api/spaces').send({ name: 'Their circle', description: 'Peers', visibility: 'private' }));
  await ok(me.agent.post(`/api/spaces/${theirs.id}/join`).send({ note: 'may I?' }));

  const send = async (who: RegisteredUser, body: string) => (await ok(who.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body }))).message;
  const mine = await send(me, 'my own words');
  const mineToo = await send(me, 'more of my words');
  const xs = await send(x, `hello @${me.user.username}`);
  await ok(me.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'a reply', replyToId: xs.id }));
  const socket = await connect(api.url, { cookie: me.cookie });
  expect(await call(socket, 'message:react', { messageId: xs.id, kind: 'heart' })).toEqual(expect.objectContaining({ ok: true }));
  closeAllSockets();
  // Direct conversations: one I open, one someone opens with me, and who may message me.
  await ok(me.agent.post('/api/conversations').send({ userId: x.user.id }));
  await ok(h.agent.post('/api/conversations').send({ userId: me.user.id }));
  await ok(me.agent.put('/api/conversations/settings').send({ allowFrom: 'shared_space' }));
  const ys1 = await send(y, 'rude one');
  const ys2 = await send(y, 'rude two');

  const report = async (who: RegisteredUser, id: string) => (await ok(who.agent.post('/api/reports').send({ targetType: 'message', targetId: id, reason: 'harassment' }))).reviewItemId;
  const resolve = (who: RegisteredUser, item: string, action: string) =>
    ok(who.agent.post(`/api/moderation/items/${item}/resolve`).send({ action, note: `${action} it`, until: new Date(Date.now() + 3_600_000).toISOString() }));
  // Done to me: a warning (which I appeal) and a mute.
  await resolve(x, await report(y, mine.id), 'warn');
  // A moderator may not mute the space's host (role order), so a platform admin does.
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [h.user.id]);
  await resolve(h, await report(y, mineToo.id), 'mute');
  const warning = (await ok(me.agent.get('/api/moderation/mine'))).items.find((a: Json) => a.action === 'warn');
  await ok(me.agent.post(`/api/moderation/actions/${warning.id}/appeal`).send({ note: 'context matters' }));
  // Done by me: a report, a decision, and deciding someone else's appeal.
  await resolve(me, await report(me, ys1.id), 'warn');
  await resolve(x, await report(me, ys2.id), 'warn');
  const ysWarning = (await ok(y.agent.get('/api/moderation/mine'))).items.find((a: Json) => a.action === 'warn' && a.reason === 'warn it');
  const appeal = await ok(y.agent.post(`/api/moderation/actions/${ysWarning.id}/appeal`).send({ note: 'unfair' }));
  await ok(me.agent.post(`/api/moderation/appeals/${appeal.id}/decide`).send({ outcome: 'upheld', note: 'it stands' }));
  await ok(me.agent.post('/api/moderation/watched-words').send({ word: 'blorgh', action: 'flag', spaceId: space.id }));

  // Stories: mine, and someone else's behind a content note that I uncover, react to and answer.
  const myStory = await ok(me.agent.post('/api/stories').send({ title: 'My story', content: text('It happened.'), contentWarnings: ['loss'], visibility: 'public', language: 'en', status: 'published', consent: { handbook: true } }));
  const story = await ok(z.agent.post('/api/stories').send({ title: 'Their story', content: text('Hard times.'), contentWarnings: ['eviction'], visibility: 'public', language: 'en', status: 'published' }));
  await ok(me.agent.get(`/api/stories/${story.id}`).query({ reveal: 'true' }));
  await ok(me.agent.post(`/api/stories/${story.id}/reactions`).send({ kind: 'relate' }));
  await ok(me.agent.post(`/api/stories/${story.id}/comments`).send({ content: text('Same here.') }));
  await ok(me.agent.put('/api/me/content-notes').send({ notes: { eviction: 'show' } }));

  // Events, reminders and a calendar feed.
  const event = await ok(
    me.agent.post('/api/events').send({ title: 'Circle meet', kind: 'community', startsAt: week.toISOString(), endsAt: new Date(week.getTime() + 3_600_000).toISOString(), timezone: 'Europe/Budapest', spaceId: space.id }),
  );
  await ok(me.agent.post(`/api/events/${event.id}/rsvp`).send({ status: 'going' }));
  // A file for the meet, and feedback on it (the form opened by hand: the meet is a week away).
  await ok(me.agent.post(`/api/events/${event.id}/materials`).attach('file', Buffer.from('Bring a cup.\n'), 'notes.txt'));
  await ok(me.agent.put(`/api/events/${event.id}/feedback`).send({ questions: ['usefulness'], opensAt: week.toISOString(), closesAt: new Date(week.getTime() + 86_400_000).toISOString() }));
  await api.sql(`UPDATE event_feedback_forms SET opens_at = now() - interval '1 hour' WHERE event_id = $1`, [event.id]);
  await ok(me.agent.post(`/api/events/${event.id}/feedback/answers`).send({ usefulness: 4 }));
  await ok(me.agent.put('/api/me/reminders').send({ minutesBefore: [60] }));
  feed = await ok(me.agent.post('/api/me/calendar-feed'));

  await ok(me.agent.post(`/api/users/${z.user.id}/block`));
  // Removals: I remove someone from my space, and am let into theirs and removed from it.
  await ok(me.agent.delete(`/api/spaces/${space.id}/members/${y.user.id}`).send({ reason: 'rude' }));
  const [myRequest] = (await ok(h.agent.get(`/api/spaces/${theirs.id}/requests`))).items;
  await ok(h.agent.post(`/api/spaces/${theirs.id}/requests/${myRequest.id}/approve`));
  await ok(h.agent.delete(`/api/spaces/${theirs.id}/members/${me.user.id}`));
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [me.user.id]);
  await ok(me.agent.post('/api/admin/banners').send({ message: { en: 'Storm warning' }, startsAt: new Date().toISOString(), endsAt: week.toISOString() }));

  // The directory: an organisation I register and verify, a service I post, confirm and import, a tip.
  const org = await ok(me.agent.post('/api/organizations').send({ name: `Export House ${crypto.randomUUID().slice(0, 6)}`, description: 'Beds and advice.' }));
  await ok(me.agent.post(`/api/organizations/${org.id}/verify`));
  // A handbook edition I started and froze, with my own story in it.
  const edition = await ok(me.agent.post('/api/handbook/editions').send({ organizationId: org.id, title: 'Our handbook', languages: ['en'] }));
  const withChapter = await ok(me.agent.post(`/api/handbook/editions/${edition.id}/chapters`).send({ title: 'Home' }));
  await ok(me.agent.post(`/api/handbook/editions/${edition.id}/chapters/${withChapter.chapters[0].id}/entries`).send({ storyId: myStory.id }));
  await ok(me.agent.post(`/api/handbook/editions/${edition.id}/freeze`).send({ publishAt: new Date(Date.now() + 20 * 86_400_000).toISOString() }));
  const resource = await ok(me.agent.post('/api/resources').send(resourceBody(org.id)));
  await ok(me.agent.post(`/api/resources/${resource.id}/verify`));
  await ok(me.agent.post(`/api/resources/${resource.id}/tips`).send({ body: 'Tea is free, no ID needed.' }));
  const imported = await ok(
    me.agent.post(`/api/hsds/import?organization_id=${org.id}&default_category=emergency-shelter`).send({ id: crypto.randomUUID(), name: 'Imported night shelter', status: 'active' }),
  );
  expect(imported.rejected).toEqual([]);

  // Mentoring: I ask x to mentor me; h asks me; we agree how to meet.
  [mentor, mentee] = [x, h];
  await ok(me.agent.put('/api/mentoring/profile').send({ role: 'both', open: true, languages: ['en'] }));
  await ok(mentor.agent.put('/api/mentoring/profile').send({ role: 'mentor', open: true }));
  const mine1 = await ok(me.agent.post('/api/mentoring/matches').send({ mentorId: mentor.user.id, intro: 'I left care last year.' }));
  await ok(mentor.agent.post(`/api/mentoring/matches/${mine1.id}/accept`).send({}));
  const asksMe = await ok(mentee.agent.post('/api/mentoring/matches').send({ mentorId: me.user.id, intro: 'Could we talk?' }));
  await ok(me.agent.post(`/api/mentoring/matches/${asksMe.id}/accept`).send({}));
  await ok(me.agent.put(`/api/mentoring/matches/${asksMe.id}/agreement`).send({ howOften: 'Weekly', channel: 'Here' }));
  // The mentors' circle of my organisation: I make it and put myself and my mentor in it.
  await ok(me.agent.post(`/api/organizations/${org.id}/circle`));
  for (const who of [me, mentor]) await ok(me.agent.post(`/api/organizations/${org.id}/mentors`).send({ username: who.user.username }));
  // Each mentee lets their mentor discuss them; a card by me, one about me; I open mine.
  await ok(me.agent.put('/api/circle/permissions').send({ mentorId: mentor.user.id, allowed: true }));
  await ok(mentee.agent.put('/api/circle/permissions').send({ mentorId: me.user.id, allowed: true }));
  const myCard = await ok(me.agent.post(`/api/organizations/${org.id}/circle/cards`).send({ menteeId: mentee.user.id, alias: 'K.', body: 'Finding the first job is slow.' }));
  const aboutMe = await ok(mentor.agent.post(`/api/organizations/${org.id}/circle/cards`).send({ menteeId: me.user.id, alias: 'B.', body: CARD_ABOUT_ME }));
  await ok(me.agent.get(`/api/circle/cards/${myCard.id}`));
  await ok(mentor.agent.get(`/api/circle/cards/${aboutMe.id}`));
  // The match h asked for ends, and I leave a note for the organisation.
  await ok(me.agent.post(`/api/mentoring/matches/${asksMe.id}/end`).send({}));
  await ok(me.agent.post(`/api/mentoring/matches/${asksMe.id}/feedback`).send({ note: 'We got on well.' }));

  // Experts by experience: I list myself in my organisation, accept, log a contribution and reflect on it.
  await ok(me.agent.post(`/api/organizations/${org.id}/experts`).send({ username: me.user.username }));
  await ok(me.agent.post(`/api/me/expert-listings/${org.id}/accept`));
  const contribution = await ok(
    me.agent.post(`/api/organizations/${org.id}/contributions`).send({ username: me.user.username, kind: 'lecture', title: 'Talk at the social work school', date: '2026-03-02', hours: 2, theme: 'social_inclusion', currency: 'EUR', feeAmount: 120, status: 'done' }),
  );
  await ok(me.agent.put(`/api/me/contributions/${contribution.id}/reflection`).send({ reflection: 'They changed the intake form.' }));

  // Notifications: my levels and channels, and a phone subscribed to push.
  await ok(me.agent.put('/api/notifications/preferences').send({ spaces: { [space.id]: 'all' }, channels: { replies: { inApp: true, push: false } } }));
  pushKeys = { p256dh: Buffer.from(crypto.getRandomValues(new Uint8Array(65))).toString('base64url'), auth: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url') };
  await ok(me.agent.post('/api/push/subscriptions').send({ endpoint: `https://push.example.invalid/export/${crypto.randomUUID()}`, keys: pushKeys }));
  // The push-per-conversation throttle is written only when a push service took a push (the
  // notifications-push test drives that with a real receiver); here the row is put in directly.
  await api.sql(`INSERT INTO push_conversation_sends (user_id, batch_key, last_sent_at) VALUES ($1, $2, now())`, [me.user.id, `space:${space.id}`]);
  // This API sends no e-mail (no SMTP_URL); the notifications-email test adds an address through
  // the routes. Here the row is put in directly, with a token hash that must not be exported.
  await api.sql(
    `INSERT INTO notification_emails (user_id, address, verified_at, token_hash, link_nonce) VALUES ($1, 'me@example.invalid', now(), $2, $3)`,
    [me.user.id, EMAIL_TOKEN_HASH, EMAIL_LINK_NONCE],
  );
}, 90_000);
afterAll(() => api?.stop());

it('every column that refers to a person is read by a non-empty section of their export', async () => {
  const columns = await api.sql<{ table_name: string; column_name: string }>(
    `SELECT DISTINCT tc.table_name, kcu.column_name
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
       JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
      WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'users' AND ccu.column_name = 'id' AND tc.table_schema = current_schema()
      ORDER BY 1, 2`,
  );
  expect(columns.length).toBeGreaterThanOrEqual(Object.keys(SECTION_OF).length);
  const exported = (await me.agent.get('/api/me/export').expect(200)).body as Json;
  const problems: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const key = `${table}.${column}`;
    if (NOT_EXPORTED[key]) continue;
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [me.user.id]);
    if (n === 0) problems.push(`${key}: the test made no row for this person (add some)`);
    const section = SECTION_OF[key];
    if (!section) problems.push(`${key}: no export section reads this table (add one and map it here)`);
    else if (!Array.isArray(exported[section]) || exported[section].length === 0) problems.push(`${key}: export section "${section}" is empty or missing`);
  }
  expect(problems).toEqual([]);
  // Every mapped section exists in the documented format.
  const doc = (await import('node:fs')).readFileSync(new URL('../../docs/export-format.md', import.meta.url), 'utf8');
  for (const section of new Set(Object.values(SECTION_OF))) expect({ section, documented: doc.includes(`\`${section}\``) }).toEqual({ section, documented: true });
});

it('sections hold the person’s own rows', async () => {
  const e = (await me.agent.get('/api/me/export').expect(200)).body as Json;
  expect(e).toMatchObject({ schemaVersion: 1, account: [expect.objectContaining({ id: me.user.id, username: me.user.username })] });
  expect(e.messages.map((m: Json) => m.body)).toEqual(expect.arrayContaining(['my own words', 'more of my words', 'a reply']));
  expect(e.mentions).toHaveLength(1);
  expect(e.moderationActionsAboutMe.map((a: Json) => a.action).sort()).toEqual(['mute', 'warn']);
  expect(e.appeals).toEqual([expect.objectContaining({ note: 'context matters', status: 'open' })]);
  expect(e.appealsDecided).toEqual([expect.objectContaining({ status: 'upheld', decision_note: 'it stands' })]);
  expect(e.contentNotePreferences).toEqual([{ note: 'eviction', mode: 'show' }]);
  expect(e.blocks).toHaveLength(1);
  expect(e.caseCardsWritten).toEqual([expect.objectContaining({ alias: 'K.', body: 'Finding the first job is slow.' })]);
  // The card about me: that it exists and when it was discussed, never its text, alias, author or viewers.
  expect(e.caseCardsAboutMe).toEqual([{ id: expect.any(String), created_at: expect.any(String), expires_at: expect.any(String), discussed_on: [expect.stringMatching(/^\d{4}-\d\d-\d\d$/)] }]);
  const whole = JSON.stringify(e);
  expect(whole).not.toContain(CARD_ABOUT_ME);
  // Only my own views (posting a card opens it too), as card and time.
  expect(e.caseCardViews.length).toBeGreaterThan(0);
  for (const v of e.caseCardViews) expect(v).toEqual({ card_id: e.caseCardsWritten[0].id, viewed_at: expect.any(String) });
  expect(e.mentoringFeedback).toEqual([expect.objectContaining({ note: 'We got on well.' })]);
  expect(e.mentoringMatches.map((m: Json) => m.my_role).sort()).toEqual(['mentee', 'mentor']);
  expect(e.expertContributions).toEqual([expect.objectContaining({ title: 'Talk at the social work school', date: '2026-03-02', hours: 2, fee_amount: 120, reflection: 'They changed the intake form.' })]);
  expect(e.expertListings).toEqual([expect.objectContaining({ accepted_at: expect.any(String) })]);
  expect(e.pushSubscriptions).toEqual([expect.objectContaining({ endpoint_origin: 'https://push.example.invalid' })]);
  expect(e.notificationEmail).toEqual([expect.objectContaining({ address: 'me@example.invalid' })]);
  expect(whole).not.toContain('/export/');
  expect(e.notificationDeliveries.length).toBeGreaterThan(0);
  for (const d of e.notificationDeliveries) expect(Object.keys(d).sort()).toEqual(['channel', 'created_at', 'kind', 'settled_at', 'status']);
});

it('the export carries no secret: no password, hash, session id, token or feed secret', async () => {
  const res = await me.agent.get('/api/me/export').expect(200);
  expect(res.headers['content-disposition']).toMatch(/attachment/);
  const hashes = await api.sql<{ h: string }>(
    `SELECT password_hash AS h FROM users WHERE id = $1
     UNION ALL SELECT id_hash FROM sessions WHERE user_id = $1
     UNION ALL SELECT token_hash FROM access_tokens WHERE user_id = $1
     UNION ALL SELECT code_hash FROM recovery_codes WHERE user_id = $1
     UNION ALL SELECT token_hash FROM calendar_feeds WHERE user_id = $1`,
    [me.user.id],
  );
  expect(hashes.length).toBeGreaterThanOrEqual(5);
  const feedSecret = String(feed.token);
  expect(feedSecret.length).toBeGreaterThan(10);
  expectNoSecrets(res.body, me.password, token, me.cookie.slice('sid='.length), ...me.recoveryCodes, ...hashes.map((r) => r.h), feedSecret, pushKeys.p256dh, pushKeys.auth, EMAIL_TOKEN_HASH, EMAIL_LINK_NONCE);
});
