import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open-now filter as an index lookup. `open_week` holds each place's minute-of-week windows in
 * its own zone, so the filter had to work out every place's local time (three AT TIME ZONE per row,
 * a sequential scan of all places). `open_week_utc` holds the same windows moved to UTC minutes of
 * the week, widened by every UTC offset the zone takes from 2000 to 2040 (summer and winter time),
 * so it contains every instant the local windows do; a GiST index answers `open_week_utc @> minute`.
 * The API keeps the local test after it, so the candidates are exactly those of before.
 *
 * A trigger keeps it from `open_week` and `timezone`, whoever writes a place (API, import, seed,
 * bench, script); this migration fills it for existing places. Zone offsets are worked out once per
 * zone and kept in time_zone_offset_bounds (a newer tz database moves them by far less than the
 * windows' 90 minutes of slack).
 */
export class IndexOpenNowInUtc1796007505579 implements MigrationInterface {
  name = 'IndexOpenNowInUtc1796007505579';

  async up(q: QueryRunner): Promise<void> {
    // Each zone's smallest and largest UTC offset (minutes) over 2000–2040, sampled twice a month:
    // worked out once per zone (about 10 ms) and kept, as places are written in thousands.
    await q.query(`CREATE TABLE time_zone_offset_bounds (zone text PRIMARY KEY, lo integer NOT NULL, hi integer NOT NULL)`);
    await q.query(`
      CREATE FUNCTION zone_offset_bounds(zone text, OUT lo int, OUT hi int) LANGUAGE plpgsql AS $fn$
      BEGIN
        SELECT b.lo, b.hi INTO lo, hi FROM time_zone_offset_bounds b WHERE b.zone = zone_offset_bounds.zone;
        IF FOUND THEN RETURN; END IF;
        SELECT floor(min(o))::int, ceil(max(o))::int INTO lo, hi FROM (
          SELECT extract(epoch FROM (t AT TIME ZONE zone) - (t AT TIME ZONE 'UTC')) / 60 AS o
            FROM generate_series(timestamptz '2000-01-01 00:00Z', timestamptz '2040-01-01 00:00Z', interval '1 month') m,
                 LATERAL (VALUES (m), (m + interval '15 days')) AS s(t)) x;
        INSERT INTO time_zone_offset_bounds VALUES (zone, lo, hi) ON CONFLICT DO NOTHING;
      END $fn$`);
    // Local window [a, b) holds UTC minutes [a - hi, b - lo), wrapped around the week (10080 minutes).
    await q.query(`
      CREATE FUNCTION open_week_in_utc(local_week int4multirange, lo int, hi int) RETURNS int4multirange LANGUAGE plpgsql IMMUTABLE AS $fn$
      DECLARE
        w int4range;
        start int;
        len int;
        result int4multirange := '{}';
      BEGIN
        FOR w IN SELECT unnest(local_week) LOOP
          len := upper(w) - lower(w) + hi - lo;
          IF len >= 10080 THEN RETURN '{[0,10080)}'; END IF;
          start := ((lower(w) - hi) % 10080 + 10080) % 10080;
          result := result + int4multirange(int4range(start, least(start + len, 10080)));
          IF start + len > 10080 THEN result := result + int4multirange(int4range(0, start + len - 10080)); END IF;
        END LOOP;
        RETURN result;
      END $fn$`);
    await q.query(`ALTER TABLE resource_locations ADD COLUMN open_week_utc int4multirange NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE FUNCTION resource_locations_open_week_utc() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        b record;
      BEGIN
        b := zone_offset_bounds(NEW.timezone);
        NEW.open_week_utc := open_week_in_utc(NEW.open_week, b.lo, b.hi);
        RETURN NEW;
      END $fn$`);
    await q.query(`
      CREATE TRIGGER open_week_utc BEFORE INSERT OR UPDATE OF open_week, timezone, open_week_utc ON resource_locations
        FOR EACH ROW EXECUTE FUNCTION resource_locations_open_week_utc()`);
    // The trigger fills the column. Search's trigger on places would re-index every resource for a
    // change that is not in its text (ten times the time), so it sits this one out.
    await q.query(`ALTER TABLE resource_locations DISABLE TRIGGER search_index`);
    await q.query(`UPDATE resource_locations SET open_week_utc = open_week`);
    await q.query(`ALTER TABLE resource_locations ENABLE TRIGGER search_index`);
    await q.query(`CREATE INDEX resource_locations_open_week_utc_idx ON resource_locations USING gist (open_week_utc)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER open_week_utc ON resource_locations`);
    await q.query(`DROP FUNCTION resource_locations_open_week_utc()`);
    await q.query(`ALTER TABLE resource_locations DROP COLUMN open_week_utc`);
    await q.query(`DROP FUNCTION open_week_in_utc(int4multirange, int, int)`);
    await q.query(`DROP FUNCTION zone_offset_bounds(text)`);
    await q.query(`DROP TABLE time_zone_offset_bounds`);
  }
}
