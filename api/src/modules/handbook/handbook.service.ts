import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  HANDBOOK_FREEZE_DAYS,
  HANDBOOK_MAX_CHAPTERS,
  HANDBOOK_MAX_STORIES,
  type CreateEditionInput,
  type HandbookCandidate,
  type HandbookEdition,
  type HandbookEditionSummary,
  type HandbookFormat,
  type HandbookInclusion,
  type OrgRole,
  type Page,
  type UpdateEditionInput,
} from '@sorstars/shared';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { decodeCursor, encodeCursor } from '../../core/pagination/cursor.js';
import { parseRichText } from '../../core/rich-text/rich-text.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { STORY_EVENTS } from '../stories/stories.service.js';
import { buildBook, entryView } from './book/book-builder.js';
import { renderEpub } from './book/epub.js';
import { renderPdf } from './book/pdf.js';
import { can, canCreate, type EditionAction } from './handbook.policy.js';
import { HandbookRepository, type EditionRow } from './handbook.repository.js';

const DAY_MS = 24 * 60 * 60_000;
/** A little slack, so a date picked as "14 days from today" on a form is not refused for seconds. */
const FREEZE_SLACK_MS = 10 * 60_000;
const CANDIDATE_LIMIT = 100;
const ORG_EDITION_LIMIT = 100;

// docx is loaded when a .docx is first asked for, as epub-gen-memory and pdfkit are in their
// renderers: loading it cost every API start about 90 ms.
const renderDocx: typeof renderEpub = async (book) => (await import('./book/docx.js')).renderDocx(book);

const RENDERERS: Record<HandbookFormat, { render: typeof renderEpub; type: string }> = {
  epub: { render: renderEpub, type: 'application/epub+zip' },
  docx: { render: renderDocx, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  pdf: { render: renderPdf, type: 'application/pdf' },
};

/** Plain text becomes paragraphs (a blank line between them); a document is checked like a story. */
function introductionOf(input: unknown): { doc: unknown; html: string } {
  if (input === undefined || input === null || input === '') return { doc: null, html: '' };
  const doc =
    typeof input === 'string'
      ? {
          type: 'doc',
          content: input
            .split(/\n\s*\n/)
            .map((p) => p.trim())
            .filter(Boolean)
            .map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: p }] })),
        }
      : input;
  const rich = parseRichText('story', doc, 'introduction');
  return rich.text ? { doc: rich.doc, html: rich.html } : { doc: null, html: '' };
}

@Injectable()
export class HandbookService {
  constructor(
    private readonly repo: HandbookRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async create(user: AuthUser, input: CreateEditionInput): Promise<HandbookEdition> {
    const role = await this.orgRole(user, input.organizationId);
    if (!canCreate({ userId: user.id, platformRoles: user.roles, orgRole: role })) throw new AppError('ORGANIZATION_NOT_FOUND');
    const intro = introductionOf(input.introduction);
    const id = await this.repo.insertEdition(input.organizationId, user.id, {
      title: input.title,
      languages: input.languages,
      introduction: intro.doc,
      introductionHtml: intro.html,
      licence: input.licence ?? 'CC-BY-SA-4.0',
    });
    return this.get(user, id);
  }

  async listForOrganization(user: AuthUser, organizationId: string): Promise<{ items: HandbookEditionSummary[] }> {
    const role = await this.orgRole(user, organizationId);
    if (!canCreate({ userId: user.id, platformRoles: user.roles, orgRole: role })) throw new AppError('ORGANIZATION_NOT_FOUND');
    return { items: (await this.repo.listForOrganization(organizationId, ORG_EDITION_LIMIT)).map(toSummary) };
  }

  async listPublished(q: { limit: number; cursor?: string }): Promise<Page<HandbookEditionSummary>> {
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    const rows = await this.repo.listPublished(q.limit + 1, after ? { at: after.at, id: after.id } : undefined);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: page.map(toSummary), nextCursor: rows.length > q.limit && last ? encodeCursor(last.published_at!, last.id) : null };
  }

  async get(user: AuthUser | undefined, id: string): Promise<HandbookEdition> {
    const edition = await this.authorized(user, id, 'read');
    const [chapters, entries] = await Promise.all([this.repo.chapters(id), this.repo.entries(id)]);
    const editor = can(viewerOf(user, edition), 'edit', edition.status);
    return {
      id: edition.id,
      organization: { id: edition.organization_id, slug: edition.organization_slug, name: edition.organization_name },
      title: edition.title,
      languages: edition.languages,
      introduction: edition.introduction,
      introductionHtml: edition.introduction_html,
      licence: edition.licence,
      status: edition.status,
      publishAt: edition.publish_at?.toISOString() ?? null,
      publishedAt: edition.published_at?.toISOString() ?? null,
      createdAt: edition.created_at.toISOString(),
      canEdit: editor,
      chapters: chapters.map((c) => ({
        id: c.id,
        title: c.title,
        position: c.position,
        entries: entries
          .filter((e) => e.chapter_id === c.id && !e.withdrawn_at)
          .map((e) => {
            const v = entryView(edition, e);
            return { id: e.id, storyId: e.story_id, title: v.title, contributor: v.anonymous ? null : v.name, anonymous: v.anonymous, position: e.position, withdrawn: false };
          }),
      })),
      // Editors learn which stories left; the public page never lists them.
      withdrawn: can(viewerOf(user, edition), 'freeze', 'draft') ? entries.filter((e) => e.withdrawn_at).map((e) => ({ storyId: e.story_id, title: e.title })) : [],
    };
  }

  async update(user: AuthUser, id: string, input: UpdateEditionInput): Promise<HandbookEdition> {
    await this.change(user, id, async (m, edition) => {
      const intro = input.introduction !== undefined ? introductionOf(input.introduction) : { doc: edition.introduction, html: edition.introduction_html };
      await this.repo.updateEdition(m, id, {
        title: input.title ?? edition.title,
        languages: input.languages ?? edition.languages,
        introduction: intro.doc,
        introductionHtml: intro.html,
        licence: input.licence ?? edition.licence,
      });
    });
    return this.get(user, id);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    await this.change(user, id, (m) => this.repo.deleteEdition(m, id));
  }

  async addChapter(user: AuthUser, id: string, title: string): Promise<HandbookEdition> {
    await this.change(user, id, async (m) => {
      if ((await this.repo.chapters(id, m)).length >= HANDBOOK_MAX_CHAPTERS) {
        throw new AppError('VALIDATION_FAILED', [{ path: 'title', message: 'validation.tooMany' }]);
      }
      await this.repo.addChapter(m, id, title);
    });
    return this.get(user, id);
  }

  async renameChapter(user: AuthUser, id: string, chapterId: string, title: string): Promise<HandbookEdition> {
    await this.change(user, id, async (m) => {
      await this.chapterOf(m, id, chapterId);
      await this.repo.renameChapter(m, chapterId, title);
    });
    return this.get(user, id);
  }

  async deleteChapter(user: AuthUser, id: string, chapterId: string): Promise<HandbookEdition> {
    await this.change(user, id, async (m) => {
      await this.chapterOf(m, id, chapterId);
      await this.repo.deleteChapter(m, chapterId);
    });
    return this.get(user, id);
  }

  async moveChapter(user: AuthUser, id: string, chapterId: string, direction: 'up' | 'down'): Promise<HandbookEdition> {
    await this.change(user, id, async (m) => {
      const chapters = await this.repo.chapters(id, m);
      const i = chapters.findIndex((c) => c.id === chapterId);
      if (i < 0) throw new AppError('EDITION_NOT_FOUND');
      const j = direction === 'up' ? i - 1 : i + 1;
      if (chapters[j]) await this.repo.swap(m, 'handbook_chapters', chapters[i], chapters[j]);
    });
    return this.get(user, id);
  }

  /** Only a story whose author said yes, that is published and that the editor may read; never one its author withdrew. */
  async addEntry(user: AuthUser, id: string, chapterId: string, storyId: string): Promise<HandbookEdition> {
    await this.change(user, id, async (m) => {
      await this.chapterOf(m, id, chapterId);
      const entries = await this.repo.entries(id, m);
      const existing = entries.find((e) => e.story_id === storyId);
      if (existing?.withdrawn_at) throw withdrawn(existing.title);
      if (existing) throw new AppError('VALIDATION_FAILED', [{ path: 'storyId', message: 'validation.duplicate' }]);
      const story = await this.repo.eligibleStory(user.id, storyId, m);
      if (!story) {
        // Inside the transaction: the embedded database has one connection, so a query outside it would wait for ever.
        const title = await this.repo.withdrawnConsentTitle(storyId, m);
        if (title !== null) throw withdrawn(title);
        throw new AppError('HANDBOOK_STORY_NOT_ELIGIBLE', [{ path: 'storyId', message: 'HANDBOOK_STORY_NOT_ELIGIBLE' }]);
      }
      if (entries.filter((e) => !e.withdrawn_at).length >= HANDBOOK_MAX_STORIES) {
        throw new AppError('VALIDATION_FAILED', [{ path: 'storyId', message: 'validation.tooMany' }]);
      }
      await this.repo.addEntry(m, id, chapterId, story);
    });
    return this.get(user, id);
  }

  async removeEntry(user: AuthUser, id: string, entryId: string): Promise<HandbookEdition> {
    await this.change(user, id, async (m) => {
      const entry = (await this.repo.entries(id, m)).find((e) => e.id === entryId);
      if (!entry) throw new AppError('EDITION_NOT_FOUND');
      // A withdrawn entry stays, so the story cannot be added again.
      if (!entry.withdrawn_at) await this.repo.removeEntry(m, entryId);
    });
    return this.get(user, id);
  }

  async moveEntry(user: AuthUser, id: string, entryId: string, direction: 'up' | 'down'): Promise<HandbookEdition> {
    await this.change(user, id, async (m) => {
      const entries = await this.repo.entries(id, m);
      const entry = entries.find((e) => e.id === entryId && !e.withdrawn_at);
      if (!entry) throw new AppError('EDITION_NOT_FOUND');
      const siblings = entries.filter((e) => e.chapter_id === entry.chapter_id && !e.withdrawn_at);
      const i = siblings.indexOf(entry);
      const other = siblings[direction === 'up' ? i - 1 : i + 1];
      if (other) await this.repo.swap(m, 'handbook_entries', entry, other);
    });
    return this.get(user, id);
  }

  async candidates(user: AuthUser, id: string): Promise<{ items: HandbookCandidate[] }> {
    await this.authorized(user, id, 'edit');
    const rows = await this.repo.candidates(user.id, id, CANDIDATE_LIMIT);
    return { items: rows.map((r) => ({ id: r.id, title: r.title, language: r.language, contributor: r.anonymous ? null : r.name, anonymous: r.anonymous })) };
  }

  /**
   * Freezing: nothing changes any more but withdrawals, and every included author is asked once
   * more, with at least 14 days to say no before the date.
   */
  async freeze(user: AuthUser, id: string, publishAtIso: string): Promise<HandbookEdition> {
    const publishAt = new Date(publishAtIso);
    if (publishAt.getTime() < Date.now() + HANDBOOK_FREEZE_DAYS * DAY_MS - FREEZE_SLACK_MS) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'publishAt', message: 'validation.handbookFreezeTooSoon' }]);
    }
    const notices = await this.repo.transaction(async (m) => {
      await this.repo.lock(m, id);
      const edition = await this.authorizedIn(m, user, id, 'freeze');
      const included = (await this.repo.entries(id, m)).filter((e) => !e.withdrawn_at && e.author_id);
      if (!included.length) throw new AppError('VALIDATION_FAILED', [{ path: 'chapters', message: 'validation.handbookEmpty' }]);
      await this.repo.freeze(m, id, publishAt, user.id);
      return included.map((e) => ({ userId: e.author_id!, storyId: e.story_id, storyTitle: e.live_title ?? e.title, editionTitle: edition.title }));
    });
    for (const n of notices) {
      await this.notifications.notify(
        n.userId,
        'handbook.scheduled',
        { editionId: id, title: n.editionTitle, storyId: n.storyId, storyTitle: n.storyTitle, publishAt: publishAt.toISOString() },
        `handbook-scheduled:${id}:${n.storyId}`,
      );
    }
    return this.get(user, id);
  }

  /** The author's one tap: "not in this edition" (their consent for other editions stays). */
  async withdrawFromEdition(user: AuthUser, id: string, storyId: string): Promise<{ items: HandbookInclusion[] }> {
    const removed = await this.repo.transaction(async (m) => {
      await this.repo.lock(m, id);
      const edition = await this.repo.edition(user.id, id, m);
      const rows = edition ? await this.repo.withdrawFromEdition(m, id, storyId, user.id) : [];
      if (!edition || !rows.length) throw new AppError('EDITION_NOT_FOUND');
      return { edition, title: rows[0].title };
    });
    await this.tellEditors(removed.edition.organization_id, id, removed.edition.title, removed.title, storyId);
    return this.inclusions(user);
  }

  async inclusions(user: AuthUser): Promise<{ items: HandbookInclusion[] }> {
    return {
      items: (await this.repo.inclusionsOf(user.id)).map((r) => ({
        editionId: r.edition_id,
        editionTitle: r.edition_title,
        organizationName: r.organization_name,
        status: r.status,
        publishAt: r.publish_at?.toISOString() ?? null,
        storyId: r.story_id,
        storyTitle: r.story_title,
        withdrawn: r.withdrawn_at !== null,
      })),
    };
  }

  /** The book file: public once published, editors' preview before. */
  async download(user: AuthUser | undefined, id: string, format: HandbookFormat): Promise<{ body: Buffer; type: string; filename: string }> {
    const edition = await this.authorized(user, id, 'download');
    const [chapters, entries] = await Promise.all([this.repo.chapters(id), this.repo.entries(id)]);
    const book = buildBook(edition, chapters, entries);
    const { render, type } = RENDERERS[format];
    const slug = edition.title.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'handbook';
    return { body: await render(book), type, filename: `${slug}.${format}` };
  }

  /** The book as the preview page shows it (the same words the files carry). */
  async preview(user: AuthUser | undefined, id: string) {
    const edition = await this.authorized(user, id, 'read');
    const [chapters, entries] = await Promise.all([this.repo.chapters(id), this.repo.entries(id)]);
    const { introduction: _doc, chapters: bookChapters, ...rest } = buildBook(edition, chapters, entries);
    return { ...rest, chapters: bookChapters.map((c) => ({ title: c.title, stories: c.stories.map(({ doc: _d, ...s }) => s) })) };
  }

  /** Publishes one due edition and tells its editors and included authors; answers whether it did. */
  async publishDue(id: string): Promise<boolean> {
    const authors = await this.repo.transaction((m) => this.repo.publish(m, id));
    if (!authors) return false;
    const edition = (await this.repo.edition(null, id))!;
    const editors = await this.repo.editorsOf(edition.organization_id);
    await this.notifications.fanOut([...new Set([...editors, ...authors])], {
      kind: 'handbook.published',
      data: { editionId: id, title: edition.title },
      dedupeKey: `handbook-published:${id}`,
      subject: { spaceId: null },
    });
    return true;
  }

  /** Consent taken back, or the story deleted: out of every edition not yet published, at once. */
  @OnEvent(STORY_EVENTS.handbookWithdrawn, { promisify: true })
  async onStoryWithdrawn(e: { storyId: string }): Promise<void> {
    await this.takeOutEverywhere(e.storyId);
  }

  @OnEvent(STORY_EVENTS.deleted, { promisify: true })
  async onStoryDeleted(e: { storyId: string }): Promise<void> {
    await this.takeOutEverywhere(e.storyId);
  }

  private async takeOutEverywhere(storyId: string): Promise<void> {
    const e = { storyId };
    const left = await this.repo.transaction((m) => this.repo.withdrawEverywhere(m, e.storyId));
    for (const row of left) await this.tellEditors(row.organization_id, row.edition_id, row.edition_title, row.title, e.storyId);
  }

  private async tellEditors(organizationId: string, editionId: string, editionTitle: string, storyTitle: string, storyId: string): Promise<void> {
    const editors = await this.repo.editorsOf(organizationId);
    await this.notifications.fanOut(editors, {
      kind: 'handbook.withdrawn',
      data: { editionId, title: editionTitle, storyTitle },
      dedupeKey: `handbook-withdrawn:${editionId}:${storyId}`,
      subject: { spaceId: null },
    });
  }

  /** A change to a draft edition, under its lock so concurrent edits take turns. */
  private async change(user: AuthUser, id: string, work: (m: EntityManager, edition: EditionRow) => Promise<void>): Promise<void> {
    await this.repo.transaction(async (m) => {
      await this.repo.lock(m, id);
      await work(m, await this.authorizedIn(m, user, id, 'edit'));
    });
  }

  private async chapterOf(m: EntityManager, id: string, chapterId: string) {
    const chapter = (await this.repo.chapters(id, m)).find((c) => c.id === chapterId);
    if (!chapter) throw new AppError('VALIDATION_FAILED', [{ path: 'chapterId', message: 'validation.invalidType' }]);
    return chapter;
  }

  private async orgRole(user: AuthUser, organizationId: string) {
    const rows: { role: OrgRole }[] = await this.repo.db.query(
      `SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2`,
      [organizationId, user.id],
    );
    return rows[0]?.role ?? null;
  }

  private authorized(user: AuthUser | undefined, id: string, action: EditionAction): Promise<EditionRow> {
    return this.authorizedIn(this.repo.db.manager, user, id, action);
  }

  /** Absent to whoever may not read it; editors of a frozen or published edition hear it no longer changes. */
  private async authorizedIn(m: EntityManager, user: AuthUser | undefined, id: string, action: EditionAction): Promise<EditionRow> {
    const edition = await this.repo.edition(user?.id ?? null, id, m);
    const viewer = viewerOf(user, edition);
    if (!edition || !can(viewer, 'read', edition.status)) throw new AppError('EDITION_NOT_FOUND');
    if (!can(viewer, action, edition.status)) {
      throw new AppError(can(viewer, action, 'draft') ? 'EDITION_NOT_EDITABLE' : 'EDITION_NOT_FOUND');
    }
    return edition;
  }
}

const viewerOf = (user: AuthUser | undefined, edition: Pick<EditionRow, 'viewer_role'> | null) => ({
  userId: user?.id ?? null,
  platformRoles: user?.roles ?? [],
  orgRole: edition?.viewer_role ?? null,
});

const withdrawn = (title: string) =>
  new AppError('HANDBOOK_STORY_WITHDRAWN', [{ path: 'storyId', message: 'HANDBOOK_STORY_WITHDRAWN' }], { params: { title } });

function toSummary(r: EditionRow & { story_count: number }): HandbookEditionSummary {
  return {
    id: r.id,
    organization: { id: r.organization_id, slug: r.organization_slug, name: r.organization_name },
    title: r.title,
    languages: r.languages,
    licence: r.licence,
    status: r.status,
    publishAt: r.publish_at?.toISOString() ?? null,
    publishedAt: r.published_at?.toISOString() ?? null,
    storyCount: r.story_count,
  };
}
