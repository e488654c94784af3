import type { MigrationInterface, QueryRunner } from 'typeorm';

const CYRILLIC = 'абвгдђежзијклмнопрстћуфхцчшАБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШ';
const LATIN = 'abvgdđežzijklmnoprstćufhcčšABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠ';

/** Markup to plain text for the index: tags become spaces, the five entities the renderer writes are decoded. */
const HTML_TEXT = (expr: string) =>
  `replace(replace(replace(replace(replace(regexp_replace(${expr}, '<[^>]*>', ' ', 'g'), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&')`;

/**
 * One search index inside the database, kept by triggers: whatever writes a space, story, comment,
 * event or message — the API, a migration, an import, a script — updates `search_documents` in the
 * same transaction, so search never drifts from the tables it reads.
 *
 * Each document is indexed twice: a tsvector in its own language's snowball stemmer (simple for
 * Serbian, Slovenian and unknown languages), and a trigram index over the folded text for typos and
 * the inflections stemmers miss. Folding (lower case, no diacritics, Serbian Cyrillic as Latin) is
 * one IMMUTABLE function used for documents and queries alike. Who may read a document is never
 * stored here: the search query joins each document back to its row and asks the domain policies'
 * SQL predicates, so a ban, block or moderation decision counts at once.
 */
export class CreateSearchDocuments1795988281117 implements MigrationInterface {
  name = 'CreateSearchDocuments1795988281117';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(public.unaccent('public.unaccent'::regdictionary,
          replace(replace(replace(replace(replace(replace(translate(coalesce(t, ''), '${CYRILLIC}', '${LATIN}'),
            'љ', 'lj'), 'њ', 'nj'), 'џ', 'dž'), 'Љ', 'Lj'), 'Њ', 'Nj'), 'Џ', 'Dž')))
      $$`);
    await q.query(`
      CREATE FUNCTION search_config(language text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE language WHEN 'hu' THEN 'pg_catalog.hungarian' WHEN 'da' THEN 'pg_catalog.danish'
          WHEN 'fi' THEN 'pg_catalog.finnish' WHEN 'en' THEN 'pg_catalog.english' ELSE 'pg_catalog.simple' END::regconfig
      $$`);
    await q.query(`
      CREATE TABLE search_documents (
        type text NOT NULL,
        id uuid NOT NULL,
        space_id uuid,
        parent_id uuid,
        language text,
        title text NOT NULL,
        body text NOT NULL,
        notes text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector(search_config(language), search_fold(title)), 'A') ||
          setweight(to_tsvector(search_config(language), search_fold(left(body, 100000))), 'B')) STORED,
        folded text GENERATED ALWAYS AS (search_fold(title || ' ' || left(body, 20000))) STORED,
        PRIMARY KEY (type, id)
      )`);
    await q.query(`CREATE INDEX search_documents_tsv_idx ON search_documents USING gin (tsv)`);
    await q.query(`CREATE INDEX search_documents_trgm_idx ON search_documents USING gin (folded gin_trgm_ops)`);
    await q.query(`CREATE INDEX search_documents_space_idx ON search_documents (space_id) WHERE space_id IS NOT NULL`);

    // Comments and messages carry no title of their own (their story's or space's is shown beside
    // them), so the story title or space name does not make every reply match.
    // One indexing function per source table: it re-reads the current row, so a trigger, a backfill
    // and a repair script all write the same document.
    const indexers: Record<string, { type: string; select: string; gone: string }> = {
      spaces: {
        type: 'space',
        select: `SELECT 'space', s.id, s.id, NULL::uuid, s.language, s.name, s.description || E'\\n' || s.guidelines, '{}'::text[], s.created_at FROM spaces s WHERE s.id = $1`,
        gone: 'false',
      },
      stories: {
        type: 'story',
        select: `SELECT 'story', s.id, s.space_id, NULL::uuid, s.language, s.title, s.plain_text, s.content_warnings, coalesce(s.published_at, s.created_at) FROM stories s WHERE s.id = $1 AND s.deleted_at IS NULL`,
        gone: 'NEW.deleted_at IS NOT NULL',
      },
      story_comments: {
        type: 'comment',
        select: `SELECT 'comment', c.id, s.space_id, c.story_id, s.language, '', ${HTML_TEXT('c.html')}, '{}'::text[], c.created_at
                   FROM story_comments c JOIN stories s ON s.id = c.story_id WHERE c.id = $1 AND c.deleted_at IS NULL`,
        gone: 'NEW.deleted_at IS NOT NULL',
      },
      events: {
        type: 'event',
        select: `SELECT 'event', e.id, e.space_id, NULL::uuid, sp.language, e.title, ${HTML_TEXT('e.description_html')} || E'\\n' || coalesce(e.location_name, ''), '{}'::text[], e.starts_at
                   FROM events e LEFT JOIN spaces sp ON sp.id = e.space_id WHERE e.id = $1`,
        gone: 'false',
      },
      messages: {
        type: 'message',
        select: `SELECT 'message', g.id, g.space_id, NULL::uuid, sp.language, '', g.body, '{}'::text[], g.created_at
                   FROM messages g JOIN spaces sp ON sp.id = g.space_id WHERE g.id = $1 AND g.deleted_at IS NULL`,
        gone: 'NEW.deleted_at IS NOT NULL',
      },
    };
    for (const [table, { type, select, gone }] of Object.entries(indexers)) {
      await q.query(`
        CREATE FUNCTION search_index_${table}(doc_id uuid) RETURNS void LANGUAGE plpgsql AS $fn$
        BEGIN
          DELETE FROM search_documents WHERE type = '${type}' AND id = doc_id;
          INSERT INTO search_documents (type, id, space_id, parent_id, language, title, body, notes, created_at)
            ${select.replace('$1', 'doc_id')};
        END $fn$`);
      await q.query(`
        CREATE FUNCTION search_index_${table}_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            DELETE FROM search_documents WHERE type = '${type}' AND id = OLD.id;
            RETURN OLD;
          END IF;
          IF ${gone} THEN
            DELETE FROM search_documents WHERE type = '${type}' AND id = NEW.id;
          ELSE
            PERFORM search_index_${table}(NEW.id);
          END IF;
          RETURN NEW;
        END $fn$`);
      await q.query(`CREATE TRIGGER search_index AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION search_index_${table}_trigger()`);
      await q.query(`SELECT search_index_${table}(id) FROM ${table}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['spaces', 'stories', 'story_comments', 'events', 'messages']) {
      await q.query(`DROP TRIGGER search_index ON ${table}`);
      await q.query(`DROP FUNCTION search_index_${table}_trigger()`);
      await q.query(`DROP FUNCTION search_index_${table}(uuid)`);
    }
    await q.query(`DROP TABLE search_documents`);
    await q.query(`DROP FUNCTION search_config(text)`);
    await q.query(`DROP FUNCTION search_fold(text)`);
  }
}
