import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { HandbookLicence, HandbookStatus, Locale, OrgRole } from '@sorstars/shared';
import { returning } from '../../core/database/returning.js';
import { storyReadableSql } from '../stories/stories.policy.js';
import { storyEligibleSql } from './handbook.policy.js';

export interface EditionRow {
  id: string;
  organization_id: string;
  organization_slug: string;
  organization_name: string;
  title: string;
  languages: Locale[];
  introduction: unknown;
  introduction_html: string;
  licence: HandbookLicence;
  status: HandbookStatus;
  publish_at: Date | null;
  published_at: Date | null;
  created_at: Date;
  viewer_role: OrgRole | null;
}

export interface ChapterRow {
  id: string;
  title: string;
  position: number;
}

/** An entry with the live story beside the copy kept at publication. */
export interface EntryRow {
  id: string;
  chapter_id: string;
  story_id: string | null;
  author_id: string | null;
  position: number;
  withdrawn_at: Date | null;
  title: string;
  content: unknown;
  html: string;
  content_warnings: string[];
  anonymous: boolean;
  contributor_name: string | null;
  live_title: string | null;
  live_content: unknown;
  live_html: string | null;
  live_content_warnings: string[] | null;
  live_anonymous: boolean | null;
  live_name: string | null;
}

export interface CandidateRow {
  id: string;
  title: string;
  language: Locale;
  anonymous: boolean;
  author_id: string;
  name: string | null;
}

const EDITION_SELECT = `SELECT e.*, o.slug AS organization_slug, o.name AS organization_name,
    (SELECT m.role FROM organization_members m WHERE m.organization_id = e.organization_id AND m.user_id = $1::uuid) AS viewer_role
  FROM handbook_editions e JOIN organizations o ON o.id = e.organization_id`;

/** Editions in lists: no viewer, and how many stories each holds now. */
const SUMMARY_SELECT = `SELECT e.*, o.slug AS organization_slug, o.name AS organization_name, NULL AS viewer_role,
    (SELECT count(*)::int FROM handbook_entries he WHERE he.edition_id = e.id AND he.withdrawn_at IS NULL) AS story_count
  FROM handbook_editions e JOIN organizations o ON o.id = e.organization_id`;

/** The chosen name of a story's author: their display name, else their pseudonym; nothing when anonymous. */
const chosenName = (s: string, u: string) => `CASE WHEN ${s}.anonymous THEN NULL ELSE coalesce(${u}.display_name, ${u}.username) END`;

@Injectable()
export class HandbookRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async edition(viewerId: string | null, id: string, m: EntityManager = this.db.manager): Promise<EditionRow | null> {
    const rows = await m.query(`${EDITION_SELECT} WHERE e.id = $2`, [viewerId, id]);
    return rows[0] ?? null;
  }

  /** Locks the edition for a change, so two editors (or an editor and the sweep) take turns. */
  async lock(m: EntityManager, id: string): Promise<void> {
    await m.query(`SELECT id FROM handbook_editions WHERE id = $1 FOR UPDATE`, [id]);
  }

  async listForOrganization(organizationId: string, limit: number): Promise<(EditionRow & { story_count: number })[]> {
    return this.db.query(
      `${SUMMARY_SELECT}
        WHERE e.organization_id = $1 ORDER BY e.created_at DESC, e.id LIMIT $2`,
      [organizationId, limit],
    );
  }

  async listPublished(limit: number, after?: { at: string; id: string }): Promise<(EditionRow & { story_count: number })[]> {
    return this.db.query(
      `${SUMMARY_SELECT}
        WHERE e.status = 'published' AND ($2::timestamptz IS NULL OR (e.published_at, e.id) < ($2::timestamptz, $3::uuid))
        ORDER BY e.published_at DESC, e.id DESC LIMIT $1`,
      [limit, after?.at ?? null, after?.id ?? null],
    );
  }

  async insertEdition(organizationId: string, by: string, w: { title: string; languages: Locale[]; introduction: unknown; introductionHtml: string; licence: HandbookLicence }): Promise<string> {
    const [{ id }] = await this.db.query(
      `INSERT INTO handbook_editions (organization_id, title, languages, introduction, introduction_html, licence, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [organizationId, w.title, w.languages, w.introduction === null ? null : JSON.stringify(w.introduction), w.introductionHtml, w.licence, by],
    );
    return id;
  }

  async updateEdition(m: EntityManager, id: string, w: { title: string; languages: Locale[]; introduction: unknown; introductionHtml: string; licence: HandbookLicence }): Promise<void> {
    await m.query(
      `UPDATE handbook_editions SET title = $2, languages = $3, introduction = $4, introduction_html = $5, licence = $6, updated_at = now() WHERE id = $1`,
      [id, w.title, w.languages, w.introduction === null ? null : JSON.stringify(w.introduction), w.introductionHtml, w.licence],
    );
  }

  async deleteEdition(m: EntityManager, id: string): Promise<void> {
    await m.query(`DELETE FROM handbook_editions WHERE id = $1`, [id]);
  }

  async chapters(editionId: string, m: EntityManager = this.db.manager): Promise<ChapterRow[]> {
    return m.query(`SELECT id, title, position FROM handbook_chapters WHERE edition_id = $1 ORDER BY position, id`, [editionId]);
  }

  async entries(editionId: string, m: EntityManager = this.db.manager): Promise<EntryRow[]> {
    return m.query(
      `SELECT he.id, he.chapter_id, he.story_id, he.author_id, he.position, he.withdrawn_at, he.title, he.content, he.html, he.content_warnings,
              he.anonymous, he.contributor_name,
              s.title AS live_title, s.content AS live_content, s.html AS live_html, s.content_warnings AS live_content_warnings,
              s.anonymous AS live_anonymous, ${chosenName('s', 'u')} AS live_name
         FROM handbook_entries he
         LEFT JOIN stories s ON s.id = he.story_id
         LEFT JOIN users u ON u.id = s.author_id
        WHERE he.edition_id = $1
        ORDER BY he.position, he.id`,
      [editionId],
    );
  }

  async addChapter(m: EntityManager, editionId: string, title: string): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO handbook_chapters (edition_id, title, position)
       VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM handbook_chapters WHERE edition_id = $1)) RETURNING id`,
      [editionId, title],
    );
    return id;
  }

  async renameChapter(m: EntityManager, chapterId: string, title: string): Promise<void> {
    await m.query(`UPDATE handbook_chapters SET title = $2 WHERE id = $1`, [chapterId, title]);
  }

  async deleteChapter(m: EntityManager, chapterId: string): Promise<void> {
    await m.query(`DELETE FROM handbook_chapters WHERE id = $1`, [chapterId]);
  }

  /** Swaps the positions of two rows of the same table (chapters, or entries of one chapter). */
  async swap(m: EntityManager, table: 'handbook_chapters' | 'handbook_entries', a: { id: string; position: number }, b: { id: string; position: number }): Promise<void> {
    await m.query(`UPDATE ${table} SET position = CASE WHEN id = $1 THEN $4::int ELSE $3::int END WHERE id IN ($1, $2)`, [a.id, b.id, a.position, b.position]);
  }

  /** A story the editor may read and its author allowed for the handbook; null otherwise. */
  async eligibleStory(editorId: string, storyId: string, m: EntityManager = this.db.manager): Promise<CandidateRow | null> {
    const rows = await m.query(
      `SELECT s.id, s.title, s.language, s.anonymous, s.author_id, ${chosenName('s', 'u')} AS name
         FROM stories s JOIN users u ON u.id = s.author_id
        WHERE s.id = $2 AND ${storyEligibleSql('s')} AND ${storyReadableSql('s', '$1::uuid')}`,
      [editorId, storyId],
    );
    return rows[0] ?? null;
  }

  /** The story's title when its author once allowed it and took it back: named in the refusal. */
  async withdrawnConsentTitle(storyId: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const rows = await m.query(
      `SELECT s.title FROM stories s WHERE s.id = $1 AND NOT s.consent_handbook AND s.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM story_consents c WHERE c.story_id = s.id AND c.handbook)`,
      [storyId],
    );
    return rows[0]?.title ?? null;
  }

  async candidates(editorId: string, editionId: string, limit: number): Promise<CandidateRow[]> {
    return this.db.query(
      `SELECT s.id, s.title, s.language, s.anonymous, s.author_id, ${chosenName('s', 'u')} AS name
         FROM stories s JOIN users u ON u.id = s.author_id
        WHERE ${storyEligibleSql('s')} AND ${storyReadableSql('s', '$1::uuid')}
          AND NOT EXISTS (SELECT 1 FROM handbook_entries he WHERE he.edition_id = $2 AND he.story_id = s.id)
        ORDER BY s.published_at DESC, s.id LIMIT $3`,
      [editorId, editionId, limit],
    );
  }

  async addEntry(m: EntityManager, editionId: string, chapterId: string, story: CandidateRow): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO handbook_entries (edition_id, chapter_id, story_id, author_id, title, position)
       VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(position), 0) + 1 FROM handbook_entries WHERE chapter_id = $2)) RETURNING id`,
      [editionId, chapterId, story.id, story.author_id, story.title],
    );
    return id;
  }

  async removeEntry(m: EntityManager, entryId: string): Promise<void> {
    await m.query(`DELETE FROM handbook_entries WHERE id = $1`, [entryId]);
  }

  async freeze(m: EntityManager, id: string, publishAt: Date, by: string): Promise<void> {
    await m.query(`UPDATE handbook_editions SET status = 'frozen', publish_at = $2, frozen_at = now(), frozen_by = $3, updated_at = now() WHERE id = $1`, [id, publishAt, by]);
  }

  /**
   * Takes a story out of every edition not yet published (the author withdrew, or deleted it);
   * answers the editions it left, for telling their editors.
   */
  async withdrawEverywhere(m: EntityManager, storyId: string): Promise<{ edition_id: string; edition_title: string; organization_id: string; title: string }[]> {
    return returning(m,
      `UPDATE handbook_entries he SET withdrawn_at = now()
         FROM handbook_editions e
        WHERE e.id = he.edition_id AND he.story_id = $1 AND he.withdrawn_at IS NULL AND e.status <> 'published'
        RETURNING he.edition_id, e.title AS edition_title, e.organization_id, he.title`,
      [storyId],
    );
  }

  /** The author's one-tap "not in this edition". */
  async withdrawFromEdition(m: EntityManager, editionId: string, storyId: string, authorId: string): Promise<{ title: string }[]> {
    return returning(m,
      `UPDATE handbook_entries he SET withdrawn_at = now()
         FROM handbook_editions e
        WHERE e.id = he.edition_id AND he.edition_id = $1 AND he.story_id = $2 AND he.author_id = $3 AND he.withdrawn_at IS NULL AND e.status <> 'published'
        RETURNING he.title`,
      [editionId, storyId, authorId],
    );
  }

  /** Editors to tell: the organisation's staff and admins, who have not deleted their accounts. */
  async editorsOf(organizationId: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const rows: { user_id: string }[] = await m.query(
      `SELECT m.user_id FROM organization_members m JOIN users u ON u.id = m.user_id
        WHERE m.organization_id = $1 AND m.role IN ('staff', 'admin') AND u.status <> 'deleted'`,
      [organizationId],
    );
    return rows.map((r) => r.user_id);
  }

  /** Frozen editions whose date has come; a bounded batch per sweep. */
  async due(now: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM handbook_editions WHERE status = 'frozen' AND publish_at <= $1 ORDER BY publish_at, id LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Publishes a frozen edition: stories that stopped being eligible leave it, the rest are copied
   * as they are now (words, notes, anonymity, chosen name), and the edition becomes immutable.
   * Answers the authors included, or null when another process published it first.
   */
  async publish(m: EntityManager, id: string): Promise<string[] | null> {
    const [edition] = await m.query(`SELECT status FROM handbook_editions WHERE id = $1 FOR UPDATE`, [id]);
    if (edition?.status !== 'frozen') return null;
    await m.query(
      `UPDATE handbook_entries he SET withdrawn_at = now()
        WHERE he.edition_id = $1 AND he.withdrawn_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = he.story_id AND ${storyEligibleSql('s')})`,
      [id],
    );
    const included = await returning<{ author_id: string }>(
      m,
      `UPDATE handbook_entries he
          SET title = s.title, content = s.content, html = s.html, content_warnings = s.content_warnings, anonymous = s.anonymous,
              contributor_name = ${chosenName('s', 'u')}
         FROM stories s JOIN users u ON u.id = s.author_id
        WHERE he.story_id = s.id AND he.edition_id = $1 AND he.withdrawn_at IS NULL
        RETURNING he.author_id`,
      [id],
    );
    await m.query(`UPDATE handbook_editions SET status = 'published', published_at = now(), updated_at = now() WHERE id = $1`, [id]);
    return [...new Set(included.map((r) => r.author_id))];
  }

  /** Where a person's stories are placed: every edition, with whether they withdrew. */
  async inclusionsOf(authorId: string): Promise<{ edition_id: string; edition_title: string; organization_name: string; status: HandbookStatus; publish_at: Date | null; story_id: string; story_title: string; withdrawn_at: Date | null }[]> {
    return this.db.query(
      `SELECT e.id AS edition_id, e.title AS edition_title, o.name AS organization_name, e.status, e.publish_at, he.story_id,
              coalesce(s.title, he.title) AS story_title, he.withdrawn_at
         FROM handbook_entries he
         JOIN handbook_editions e ON e.id = he.edition_id
         JOIN organizations o ON o.id = e.organization_id
         LEFT JOIN stories s ON s.id = he.story_id
        WHERE he.author_id = $1 AND he.story_id IS NOT NULL
        ORDER BY e.created_at DESC, he.id
        LIMIT 200`,
      [authorId],
    );
  }
}
