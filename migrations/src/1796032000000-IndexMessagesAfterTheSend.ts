import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Only one transaction indexes queued messages at a time; an edit or deletion of a message, which
 * still rewrites its document at once, waits for it (shared), so the two never write the same
 * document concurrently and the last writer always read the newest row. search_index_hold() takes
 * the shared side for anyone else who must not run beside an indexing batch (account erasure).
 */
const QUEUE_LOCK = 0x5ea_9e0e;
/** How long a search waits for a running batch before it searches without the newest messages. */
const CATCH_UP_WAIT = '2s';

/** The message document, as CreateSearchDocuments's search_index_messages writes one, for many ids at once. */
const MESSAGE_DOCUMENTS = `SELECT 'message', g.id, g.space_id, NULL::uuid, sp.language, '', g.body, '{}'::text[], g.created_at
                             FROM messages g JOIN spaces sp ON sp.id = g.space_id WHERE g.id = ANY (ids) AND g.deleted_at IS NULL`;

/** CreateSearchDocuments's trigger body for messages; `lock` goes first. */
const MESSAGE_TRIGGER = (lock: string) => `
  CREATE OR REPLACE FUNCTION search_index_messages_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    ${lock}
    IF TG_OP = 'DELETE' THEN
      DELETE FROM search_documents WHERE type = 'message' AND id = OLD.id;
      RETURN OLD;
    END IF;
    IF NEW.deleted_at IS NOT NULL THEN
      DELETE FROM search_documents WHERE type = 'message' AND id = NEW.id;
    ELSE
      PERFORM search_index_messages(NEW.id);
    END IF;
    RETURN NEW;
  END $fn$`;

/**
 * A new chat message is indexed for search after its send, not inside it. Writing its document (a
 * row with two generated columns, two GIN indexes, the typo dictionary's trigger) was about a third
 * of a send's Postgres CPU (docs/benchmarks.md, "A send's screening in its access statement"). An
 * insert now only queues the message's id in search_queue, one statement per INSERT; the API
 * indexes the queue in batches a few times a second (search-queue.ts), and search itself indexes
 * what is queued before it looks, so a search still finds every message sent before it. This is how
 * Zulip indexes its messages (a trigger logs them, a worker updates the text index).
 *
 * Edits and deletions stay immediate: they are rare, and a deleted message's document should go
 * at once. The indexer re-reads each message, so a message edited or deleted while queued is indexed
 * as it is now, or not at all.
 */
export class IndexMessagesAfterTheSend1796032000000 implements MigrationInterface {
  name = 'IndexMessagesAfterTheSend1796032000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE search_queue (seq bigserial PRIMARY KEY, message_id uuid NOT NULL)`);
    await q.query(`
      CREATE FUNCTION search_queue_messages() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO search_queue (message_id) SELECT id FROM added;
        RETURN NULL;
      END $fn$`);
    await q.query(`
      CREATE FUNCTION search_index_hold() RETURNS void LANGUAGE sql AS $fn$
        SELECT pg_advisory_xact_lock_shared(${QUEUE_LOCK})
      $fn$`);
    await q.query(MESSAGE_TRIGGER(`PERFORM search_index_hold();`));
    // The typo dictionary's words, for a whole INSERT at once and in one sorted statement: a batch
    // of documents adding its words document by document would take the words' locks out of
    // order, and deadlock against a story or comment adding some of the same new words.
    await q.query(`
      CREATE FUNCTION search_words_add_all() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO search_words (word) SELECT DISTINCT w FROM added, search_words_of(added.folded) w ORDER BY w ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $fn$`);
    await q.query(`DROP TRIGGER search_words ON search_documents`);
    await q.query(`CREATE TRIGGER search_words AFTER UPDATE OF title, body ON search_documents FOR EACH ROW EXECUTE FUNCTION search_words_add()`);
    await q.query(`CREATE TRIGGER search_words_inserted AFTER INSERT ON search_documents REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_words_add_all()`);
    await q.query(`DROP TRIGGER search_index ON messages`);
    await q.query(`CREATE TRIGGER search_index AFTER UPDATE OR DELETE ON messages FOR EACH ROW EXECUTE FUNCTION search_index_messages_trigger()`);
    await q.query(`CREATE TRIGGER search_queue AFTER INSERT ON messages REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_queue_messages()`);
    // Indexes up to `batch` queued messages of seq <= up_to (NULL: any), oldest first; answers how
    // many queue rows it took. With `wait` it waits for another indexer (at most CATCH_UP_WAIT,
    // then fails with lock_not_available); without, it answers 0.
    await q.query(`
      CREATE FUNCTION search_index_queued(up_to bigint, batch integer, wait boolean) RETURNS integer LANGUAGE plpgsql AS $fn$
      DECLARE
        last_seq bigint;
        ids uuid[];
        taken integer;
      BEGIN
        IF wait THEN
          PERFORM set_config('lock_timeout', '${CATCH_UP_WAIT}', true);
          PERFORM pg_advisory_xact_lock(${QUEUE_LOCK});
        ELSIF NOT pg_try_advisory_xact_lock(${QUEUE_LOCK}) THEN
          RETURN 0;
        END IF;
        -- The batch as a range of the primary key, not "seq IN (subquery)": with the queue's
        -- statistics stale (it is filled and emptied all day) Postgres planned that as a nested
        -- loop, rescanning the batch for every queued row: minutes for 100,000 rows. A row numbered
        -- below the last but committed only after this snapshot is simply taken next time.
        SELECT max(seq) INTO last_seq FROM (
          SELECT seq FROM search_queue WHERE up_to IS NULL OR seq <= up_to ORDER BY seq LIMIT batch) b;
        IF last_seq IS NULL THEN
          RETURN 0;
        END IF;
        WITH claimed AS (DELETE FROM search_queue WHERE seq <= last_seq RETURNING message_id)
        SELECT array_agg(DISTINCT message_id), count(*) INTO ids, taken FROM claimed;
        DELETE FROM search_documents WHERE type = 'message' AND id = ANY (ids);
        INSERT INTO search_documents (type, id, space_id, parent_id, language, title, body, notes, created_at)
          ${MESSAGE_DOCUMENTS};
        RETURN taken;
      END $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The triggers first (which locks messages), so no message is queued after the last batch.
    await q.query(`DROP TRIGGER search_queue ON messages`);
    await q.query(`DROP TRIGGER search_index ON messages`);
    await q.query(`CREATE TRIGGER search_index AFTER INSERT OR UPDATE OR DELETE ON messages FOR EACH ROW EXECUTE FUNCTION search_index_messages_trigger()`);
    await q.query(MESSAGE_TRIGGER(''));
    await q.query(`SELECT search_index_queued(NULL, 2147483647, true)`);
    // That set a short lock_timeout for the rest of this transaction: the DDL below may wait.
    await q.query(`SET LOCAL lock_timeout = 0`);
    await q.query(`DROP FUNCTION search_index_queued(bigint, integer, boolean)`);
    await q.query(`DROP FUNCTION search_queue_messages()`);
    await q.query(`DROP TABLE search_queue`);
    await q.query(`DROP TRIGGER search_words_inserted ON search_documents`);
    await q.query(`DROP TRIGGER search_words ON search_documents`);
    await q.query(`CREATE TRIGGER search_words AFTER INSERT OR UPDATE OF title, body ON search_documents FOR EACH ROW EXECUTE FUNCTION search_words_add()`);
    await q.query(`DROP FUNCTION search_words_add_all()`);
    await q.query(`DROP FUNCTION search_index_hold()`);
  }
}
