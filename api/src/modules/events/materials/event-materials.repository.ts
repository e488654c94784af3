import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface MaterialRow {
  id: string;
  event_id: string;
  uploaded_by: string | null;
  title: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  is_agenda: boolean;
  created_at: Date;
}

@Injectable()
export class EventMaterialsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The agenda first, then in the order they were added. */
  list(eventId: string): Promise<MaterialRow[]> {
    return this.db.query(`SELECT * FROM event_materials WHERE event_id = $1 ORDER BY is_agenda DESC, created_at, id`, [eventId]);
  }

  async find(eventId: string, id: string): Promise<MaterialRow | null> {
    const rows = await this.db.query(`SELECT * FROM event_materials WHERE event_id = $1 AND id = $2`, [eventId, id]);
    return rows[0] ?? null;
  }

  /** Counts the event's files with the event locked, so two uploads racing for the last place do not both get it. */
  async countLocked(m: EntityManager, eventId: string): Promise<number> {
    await m.query(`SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, [eventId]);
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM event_materials WHERE event_id = $1`, [eventId]);
    return n;
  }

  /** The id is chosen by the caller: the file on disk is named by it before the row commits. */
  async insert(m: EntityManager, row: Omit<MaterialRow, 'created_at'>): Promise<void> {
    if (row.is_agenda) await this.clearAgenda(m, row.event_id);
    await m.query(
      `INSERT INTO event_materials (id, event_id, uploaded_by, title, file_name, content_type, size_bytes, is_agenda)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.id, row.event_id, row.uploaded_by, row.title, row.file_name, row.content_type, row.size_bytes, row.is_agenda],
    );
  }

  async setAgenda(m: EntityManager, eventId: string, id: string, agenda: boolean): Promise<void> {
    if (agenda) await this.clearAgenda(m, eventId);
    await m.query(`UPDATE event_materials SET is_agenda = $3 WHERE event_id = $1 AND id = $2`, [eventId, id, agenda]);
  }

  private async clearAgenda(m: EntityManager, eventId: string): Promise<void> {
    await m.query(`UPDATE event_materials SET is_agenda = false WHERE event_id = $1 AND is_agenda`, [eventId]);
  }

  async remove(eventId: string, id: string): Promise<void> {
    await this.db.query(`DELETE FROM event_materials WHERE event_id = $1 AND id = $2`, [eventId, id]);
  }
}
