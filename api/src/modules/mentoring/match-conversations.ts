import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConversationsService } from '../conversations/conversations.service.js';

/**
 * What mentoring needs of direct conversations: one opened when a match becomes active, made
 * read-only when it ends, and deleted once its keeping time is over. Called after the match's own
 * transaction has committed (the conversations service runs its own; PGlite has one connection).
 */
@Injectable()
export class MatchConversations {
  constructor(
    private readonly conversations: ConversationsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Opens (or returns) the mentee's and mentor's conversation, open to both at once; answers its id. */
  async open(menteeId: string, mentorId: string): Promise<string> {
    return (await this.conversations.open(menteeId, mentorId, { origin: 'match' })).id;
  }

  setReadOnly(conversationId: string, readOnly: boolean): Promise<void> {
    return this.conversations.setReadOnly(conversationId, readOnly);
  }

  /**
   * Deletes the conversation with everything in it: a conversation is a direct space, and its
   * messages, edits, reports and search documents go with the space (ON DELETE CASCADE).
   */
  async remove(conversationId: string): Promise<void> {
    await this.db.query(`DELETE FROM spaces WHERE id = (SELECT space_id FROM conversations WHERE id = $1)`, [conversationId]);
  }
}
