import type { PlatformRole, SpaceRole } from '@sorstars/shared';
import { canEdit, canRead, canRespond, canSeeAuthor, canSeeReactionCounts, type StorySubject, type StoryViewer } from './stories.policy.js';

const AUTHOR = 'author';
const viewers: Record<string, StoryViewer> = {
  visitor: { userId: null, platformRoles: [], spaceRole: null },
  member: { userId: 'm', platformRoles: ['member'], spaceRole: null },
  spaceMember: { userId: 's', platformRoles: ['member'], spaceRole: 'member' },
  spaceModerator: { userId: 'k', platformRoles: ['member'], spaceRole: 'moderator' as SpaceRole },
  admin: { userId: 'a', platformRoles: ['member', 'admin'] as PlatformRole[], spaceRole: null },
  author: { userId: AUTHOR, platformRoles: ['member'], spaceRole: null },
};
const story = (over: Partial<StorySubject> = {}): StorySubject => ({
  authorId: AUTHOR,
  status: 'published',
  visibility: 'public',
  anonymous: false,
  deleted: false,
  ...over,
});

// visibility → who may read a published story
const READ: [StorySubject['visibility'], string[]][] = [
  ['public', ['visitor', 'member', 'spaceMember', 'spaceModerator', 'admin', 'author']],
  ['members', ['member', 'spaceMember', 'spaceModerator', 'admin', 'author']],
  ['space', ['spaceMember', 'spaceModerator', 'author']],
];

describe('stories policy', () => {
  for (const [visibility, allowed] of READ) {
    for (const name of Object.keys(viewers)) {
      it(`${name} ${allowed.includes(name) ? 'may' : 'may not'} read a published ${visibility} story`, () => {
        expect(canRead(viewers[name], story({ visibility }))).toBe(allowed.includes(name));
      });
    }
  }

  it('keeps drafts to their author, even from admins', () => {
    for (const name of Object.keys(viewers)) expect(canRead(viewers[name], story({ status: 'draft' }))).toBe(name === 'author');
  });

  it('shows a deleted story to nobody', () => {
    for (const name of Object.keys(viewers)) expect(canRead(viewers[name], story({ deleted: true }))).toBe(false);
  });

  it('names an anonymous author only to the author, admins and the space keepers', () => {
    const anon = story({ anonymous: true, visibility: 'space' });
    const who = Object.keys(viewers).filter((n) => canSeeAuthor(viewers[n], anon));
    expect(who.sort()).toEqual(['admin', 'author', 'spaceModerator']);
    expect(canSeeAuthor(viewers.spaceModerator, story({ anonymous: true, visibility: 'public' }))).toBe(false);
  });

  it('lets only the author edit or see reaction counts', () => {
    for (const name of Object.keys(viewers)) {
      expect(canEdit(viewers[name], story())).toBe(name === 'author');
      expect(canSeeReactionCounts(viewers[name], story())).toBe(name === 'author');
    }
  });

  it('lets signed-in readers respond, never visitors', () => {
    expect(canRespond(viewers.visitor, story())).toBe(false);
    expect(canRespond(viewers.member, story())).toBe(true);
    expect(canRespond(viewers.author, story({ status: 'draft' }))).toBe(false);
  });
});
