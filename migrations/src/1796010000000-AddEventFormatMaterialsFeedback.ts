import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Multiplier events: whether an event is in person, online or both (every earlier event was in
 * person); files attached to an event (the bytes live under DATA_DIR, the rows here); and an
 * anonymous feedback form. Feedback answers carry neither a person nor a time finer than the day;
 * who has answered is kept in a table of its own, never joined to the answers, only so nobody
 * answers twice. People without an account answer with a single-use code, stored as a hash.
 */
export class AddEventFormatMaterialsFeedback1796010000000 implements MigrationInterface {
  name = 'AddEventFormatMaterialsFeedback1796010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN format text NOT NULL DEFAULT 'in_person' CHECK (format IN ('in_person', 'online', 'hybrid'))`);
    await q.query(`
      CREATE TABLE event_materials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL,
        title text NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        is_agenda boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX event_materials_event_idx ON event_materials (event_id, created_at)`);
    await q.query(`CREATE INDEX event_materials_uploader_idx ON event_materials (uploaded_by)`);
    // One agenda per event.
    await q.query(`CREATE UNIQUE INDEX event_materials_agenda_idx ON event_materials (event_id) WHERE is_agenda`);
    await q.query(`
      CREATE TABLE event_feedback_forms (
        event_id uuid PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
        questions text[] NOT NULL,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (closes_at > opens_at)
      )`);
    await q.query(`
      CREATE TABLE event_feedback_answers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES event_feedback_forms (event_id) ON DELETE CASCADE,
        answered_on date NOT NULL DEFAULT current_date,
        usefulness smallint CHECK (usefulness BETWEEN 1 AND 5),
        will_use text,
        missing text,
        recommend boolean
      )`);
    await q.query(`CREATE INDEX event_feedback_answers_event_idx ON event_feedback_answers (event_id)`);
    await q.query(`
      CREATE TABLE event_feedback_respondents (
        event_id uuid NOT NULL REFERENCES event_feedback_forms (event_id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (event_id, user_id)
      )`);
    await q.query(`CREATE INDEX event_feedback_respondents_user_idx ON event_feedback_respondents (user_id)`);
    await q.query(`
      CREATE TABLE event_feedback_codes (
        code_hash text PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES event_feedback_forms (event_id) ON DELETE CASCADE,
        used boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX event_feedback_codes_event_idx ON event_feedback_codes (event_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['event_feedback_codes', 'event_feedback_respondents', 'event_feedback_answers', 'event_feedback_forms', 'event_materials']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`ALTER TABLE events DROP COLUMN format`);
  }
}
