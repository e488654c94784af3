import type { EntityManager } from 'typeorm';

/**
 * What mentoring needs of direct conversations: one opened when a match becomes active, made
 * read-only when it ends, and deleted once its keeping time is over. The conversations module
 * provides it; without it a match simply has no conversation id yet.
 */
export const MATCH_CONVERSATIONS = Symbol('MATCH_CONVERSATIONS');

export interface MatchConversations {
  /** Opens (or returns) the mentee's and mentor's conversation; answers its id. */
  open(menteeId: string, mentorId: string, m: EntityManager): Promise<string>;
  setReadOnly(conversationId: string, readOnly: boolean, m: EntityManager): Promise<void>;
  remove(conversationId: string): Promise<void>;
}
