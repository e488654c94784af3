import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RecordedStep } from './first-steps.events.js';
import { HOME, RECORD_FIRST_STEP } from './home.sql.js';
import { prepared } from '../../core/database/prepared.js';

// Times inside the JSON sections come as ISO 8601 strings.
export interface HomeSpaceRow { id: string; slug: string; name: string; role: 'member' | 'moderator' | 'host'; unread: number }
export interface HomeEventRow {
  id: string; title: string; timezone: string; all_day: boolean; location_name: string | null;
  occurrence: string; starts_at: string; ends_at: string; space_slug: string | null; space_name: string | null;
}
export interface HomeStoryRow {
  id: string; title: string; visibility: 'public' | 'members' | 'space'; language: string; content_warnings: string[];
  author_username: string | null; author_display_name: string | null; space_slug: string | null; space_name: string | null; published_at: string;
}
export interface HomeNotificationItem { id: string; kind: string; data: Record<string, unknown>; createdAt: string; readAt: string | null }
export interface HomeRow {
  spaces: HomeSpaceRow[];
  events: HomeEventRow[];
  stories: HomeStoryRow[];
  unread_notifications: number;
  notifications: HomeNotificationItem[];
  joined_space: boolean;
  content_notes: boolean;
  recovery_codes: boolean;
}

/** The home in one statement (see home.sql.ts). */
@Injectable()
export class HomeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async home(userId: string): Promise<HomeRow> {
    const [row] = await this.db.query(prepared(HOME), [userId]);
    return row;
  }

  async recordStep(userId: string, step: RecordedStep): Promise<void> {
    await this.db.query(RECORD_FIRST_STEP, [userId, step]);
  }
}
