import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RecordedStep } from './first-steps.events.js';
import { HOME_EVENTS, HOME_FIRST_STEPS, HOME_NOTIFICATIONS, HOME_SPACES, HOME_STORIES, RECORD_FIRST_STEP } from './home.sql.js';
import { prepared } from '../../core/database/prepared.js';

export interface HomeSpaceRow { id: string; slug: string; name: string; role: 'member' | 'moderator' | 'host'; unread: number }
export interface HomeEventRow {
  id: string; title: string; timezone: string; all_day: boolean; location_name: string | null;
  occurrence: Date; starts_at: Date; ends_at: Date; space_slug: string | null; space_name: string | null;
}
export interface HomeStoryRow {
  id: string; title: string; visibility: 'public' | 'members' | 'space'; language: string; content_warnings: string[];
  author_username: string | null; author_display_name: string | null; space_slug: string | null; space_name: string | null; published_at: Date;
}
export interface HomeNotificationsRow {
  unread: number;
  items: { id: string; kind: string; data: Record<string, unknown>; createdAt: string; readAt: string | null }[];
}
export interface HomeFirstStepsRow { joined_space: boolean; content_notes: boolean; recovery_codes: boolean }

/** One statement per home section (see home.sql.ts); `limit` is how many rows a section shows. */
@Injectable()
export class HomeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  spaces(userId: string, limit: number): Promise<HomeSpaceRow[]> {
    return this.db.query(prepared(HOME_SPACES), [userId, limit]);
  }

  events(userId: string, limit: number): Promise<HomeEventRow[]> {
    return this.db.query(prepared(HOME_EVENTS), [userId, limit]);
  }

  stories(userId: string, limit: number): Promise<HomeStoryRow[]> {
    return this.db.query(prepared(HOME_STORIES), [userId, limit]);
  }

  async notifications(userId: string, limit: number): Promise<HomeNotificationsRow> {
    const [row] = await this.db.query(prepared(HOME_NOTIFICATIONS), [userId, limit]);
    return row;
  }

  async firstSteps(userId: string): Promise<HomeFirstStepsRow> {
    const [row] = await this.db.query(prepared(HOME_FIRST_STEPS), [userId]);
    return row;
  }

  async recordStep(userId: string, step: RecordedStep): Promise<void> {
    await this.db.query(RECORD_FIRST_STEP, [userId, step]);
  }
}
