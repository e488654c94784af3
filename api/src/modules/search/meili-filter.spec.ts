import { permissionFilter, requestFilter, typeFilter } from './meili-filter.js';
import { toMeiliDocument, type MeiliSourceRow } from './meili-documents.js';

const me = '11111111-1111-4111-8111-111111111111';
const spaceA = '22222222-2222-4222-8222-222222222222';
const blocked = '33333333-3333-4333-8333-333333333333';

describe('Meilisearch permission filter', () => {
  it('limits messages to the caller\'s spaces and leaves out blocked authors', () => {
    const f = permissionFilter({ userId: me, isAdmin: false, spaceIds: [spaceA], blockedIds: [blocked] });
    expect(f).toContain(`(type = "message" AND spaceId IN ["${spaceA}"] AND (moderation = "visible" OR authorId = "${me}") AND authorId NOT IN ["${blocked}"])`);
    expect(f).toContain(`storyAuthorId NOT IN ["${blocked}"]`);
    expect(f).toContain('visibility = "members"');
  });

  it('gives a visitor public stories and public events only: no spaces, messages or members-only stories', () => {
    const f = permissionFilter({ userId: null, isAdmin: false, spaceIds: [], blockedIds: [] });
    expect(f).not.toContain('type = "message"');
    expect(f).not.toContain('type = "space"');
    expect(f).not.toContain('"members"');
    expect(f).toContain('spaceId IS NULL');
    expect(f).not.toContain('authorId = ');
  });

  it('gives everyone, visitors too, listed active resources and every organisation', () => {
    for (const userId of [null, me]) {
      const f = permissionFilter({ userId, isAdmin: false, spaceIds: [], blockedIds: [] });
      expect(f).toContain('(type = "resource" AND moderation = "visible" AND status = "active")');
      expect(f).toContain('type = "organization"');
    }
  });

  it('never leaves an empty list in a filter', () => {
    expect(permissionFilter({ userId: me, isAdmin: false, spaceIds: [], blockedIds: [] })).not.toContain('[]');
  });

  it('adds the request\'s filters', () => {
    expect(requestFilter({ words: ['x'], types: ['story'], language: 'hu', spaceId: spaceA, from: '2026-01-01T00:00:00Z', offset: 0, limit: 20 })).toEqual([
      'language = "hu"', `spaceId = "${spaceA}"`, `createdAt >= ${Date.parse('2026-01-01T00:00:00Z')}`,
    ]);
    expect(typeFilter(['story', 'message'])).toBe('type IN ["story", "message"]');
  });
});

describe('Meilisearch documents', () => {
  it('carry the permission fields and a folded text', () => {
    const row = {
      type: 'comment', id: me, space_id: null, parent_id: spaceA, language: 'sr', title: '', body: 'Подршка', notes: [],
      created_at: '2026-11-01T10:00:00.000Z', space_slug: null, space_name: null, story_title: 'Priča', visibility: 'members',
      author_id: blocked, moderation: 'visible', status: 'published', story_author_id: me, story_moderation: 'hidden',
      story_status: 'published', story_visibility: 'members', story_space_id: null,
    } as MeiliSourceRow;
    expect(toMeiliDocument(row)).toMatchObject({
      key: `comment-${me}`, folded: ' podrska', authorId: blocked, storyModeration: 'hidden', storyVisibility: 'members', createdAt: Date.parse(row.created_at),
    });
  });

  it('carry a resource\'s and an organisation\'s public fields', () => {
    const base = {
      space_id: null, parent_id: spaceA, language: 'hu', notes: [], created_at: '2026-11-01T10:00:00.000Z', space_slug: null, space_name: null,
      story_title: null, author_id: null, story_author_id: null, story_moderation: null, story_status: null, story_visibility: null, story_space_id: null,
    };
    const resource = { ...base, type: 'resource', id: me, title: 'Népkonyha', body: 'Meleg ebéd\nSzeged', visibility: 'public', moderation: 'visible', status: 'active' } as MeiliSourceRow;
    expect(toMeiliDocument(resource)).toMatchObject({ key: `resource-${me}`, type: 'resource', visibility: 'public', moderation: 'visible', status: 'active', folded: 'nepkonyha meleg ebed\nszeged' });
    const organization = { ...base, type: 'organization', id: blocked, parent_id: null, title: 'Kralji ulice', body: 'Društvo', visibility: 'public', moderation: 'visible', status: 'published' } as MeiliSourceRow;
    expect(toMeiliDocument(organization)).toMatchObject({ key: `organization-${blocked}`, type: 'organization', visibility: 'public', folded: 'kralji ulice drustvo' });
  });
});
