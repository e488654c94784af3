import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox that keeps an outside search engine (Meilisearch) in step. A trigger on
 * search_documents — itself kept by triggers on every searchable table — records each changed
 * document in the same transaction as the change, whoever wrote it; a relay in the API claims rows
 * with FOR UPDATE SKIP LOCKED, re-reads the current documents and sends them. A story's change
 * also queues its comments, whose permission fields come from the story. With Postgres search
 * nobody would empty the outbox, so the trigger writes only once search_settings.outbox_enabled
 * is on (the API sets it when it starts with MEILI_URL).
 */
export class CreateSearchOutbox1795989386722 implements MigrationInterface {
  name = 'CreateSearchOutbox1795989386722';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE search_outbox (
        id bigserial PRIMARY KEY,
        type text NOT NULL,
        doc_id uuid NOT NULL,
        enqueued_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        available_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX search_outbox_available_idx ON search_outbox (available_at, id)`);
    // One row switches the outbox on: the API sets it at start when MEILI_URL is configured.
    await q.query(`CREATE TABLE search_settings (id boolean PRIMARY KEY DEFAULT true CHECK (id), outbox_enabled boolean NOT NULL DEFAULT false)`);
    await q.query(`INSERT INTO search_settings DEFAULT VALUES`);
    await q.query(`
      CREATE FUNCTION search_outbox_enqueue() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        changed search_documents%ROWTYPE;
      BEGIN
        IF NOT (SELECT outbox_enabled FROM search_settings) THEN
          RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
        INSERT INTO search_outbox (type, doc_id) VALUES (changed.type, changed.id);
        IF changed.type = 'story' THEN
          INSERT INTO search_outbox (type, doc_id) SELECT 'comment', c.id FROM story_comments c WHERE c.story_id = changed.id;
        END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER search_outbox AFTER INSERT OR UPDATE OR DELETE ON search_documents FOR EACH ROW EXECUTE FUNCTION search_outbox_enqueue()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER search_outbox ON search_documents`);
    await q.query(`DROP FUNCTION search_outbox_enqueue()`);
    await q.query(`DROP TABLE search_settings`);
    await q.query(`DROP TABLE search_outbox`);
  }
}
