import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Peer mentoring: self-declared profiles, mentor ↔ mentee matches and their shared agreements.
 *
 * The rules that protect people live in the database as well as in the service, so no code path
 * (a future import, a script, two accepts racing) can break them:
 * - a match is active or paused only with both the mentee's and the mentor's yes (CHECK);
 * - a mentor never has more ongoing (active or paused) matches than their capacity: the trigger
 *   locks the mentor's profile row before counting, so concurrent accepts queue and the second one
 *   sees the first;
 * - no live match between two people where either blocked the other, and a new block ends any
 *   live match between them at once.
 * Trigger errors carry the API's error code as their message (SQLSTATE P0001).
 * Profiles hold no health, diagnosis or legal-status fields, on purpose.
 */
export class CreateMentoring1795996696369 implements MigrationInterface {
  name = 'CreateMentoring1795996696369';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mentoring_profiles (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL DEFAULT 'none' CHECK (role IN ('mentor', 'mentee', 'both', 'none')),
        languages text[] NOT NULL DEFAULT '{}' CHECK (cardinality(languages) <= 10),
        city text CHECK (char_length(city) <= 100),
        availability text CHECK (char_length(availability) <= 300),
        experiences text[] NOT NULL DEFAULT '{}' CHECK (experiences <@ ARRAY['care_leaver', 'refugee', 'street_homelessness', 'hostel', 'housing_first_tenant', 'eviction', 'young_person']::text[]),
        about text CHECK (char_length(about) <= 1000),
        capacity integer NOT NULL DEFAULT 3 CHECK (capacity BETWEEN 1 AND 10),
        open boolean NOT NULL DEFAULT false,
        visibility text NOT NULL DEFAULT 'members' CHECK (visibility IN ('members', 'matches')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mentoring_profiles_open_idx ON mentoring_profiles (user_id) WHERE open AND role IN ('mentor', 'both')`);
    await q.query(`
      CREATE TABLE mentoring_trainings (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        marked_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, organization_id)
      )`);
    await q.query(`
      CREATE TABLE mentoring_matches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mentor_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        mentee_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        state text NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'active', 'paused', 'ended', 'declined', 'expired')),
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        suggested_by_organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
        intro text NOT NULL DEFAULT '' CHECK (char_length(intro) <= 1000),
        mentee_accepted_at timestamptz,
        mentor_accepted_at timestamptz,
        started_at timestamptz,
        paused_at timestamptz,
        ended_at timestamptz,
        conversation_id uuid REFERENCES conversations (id) ON DELETE SET NULL,
        mentor_keeps_conversation boolean NOT NULL DEFAULT false,
        mentee_keeps_conversation boolean NOT NULL DEFAULT false,
        conversation_deleted_at timestamptz,
        next_check_in_at timestamptz,
        check_ins_sent integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mentoring_matches_not_self CHECK (mentor_id <> mentee_id),
        CONSTRAINT mentoring_matches_started_with_both_yes CHECK (
          state NOT IN ('active', 'paused', 'ended')
          OR (mentee_accepted_at IS NOT NULL AND mentor_accepted_at IS NOT NULL AND started_at IS NOT NULL))
      )`);
    // One live match per pair: asking twice is refused rather than stacked.
    await q.query(`CREATE UNIQUE INDEX mentoring_matches_live_pair ON mentoring_matches (mentor_id, mentee_id) WHERE state IN ('requested', 'active', 'paused')`);
    await q.query(`CREATE INDEX mentoring_matches_mentor_idx ON mentoring_matches (mentor_id, state)`);
    await q.query(`CREATE INDEX mentoring_matches_mentee_idx ON mentoring_matches (mentee_id, state)`);
    await q.query(`CREATE INDEX mentoring_matches_requested_idx ON mentoring_matches (created_at) WHERE state = 'requested'`);
    await q.query(`CREATE INDEX mentoring_matches_check_in_idx ON mentoring_matches (next_check_in_at) WHERE state = 'active'`);
    await q.query(`CREATE INDEX mentoring_matches_ended_idx ON mentoring_matches (ended_at) WHERE state = 'ended' AND conversation_deleted_at IS NULL`);

    await q.query(`
      CREATE FUNCTION mentoring_match_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        cap integer;
        ongoing integer;
      BEGIN
        IF NEW.state IN ('requested', 'active', 'paused') AND EXISTS (
          SELECT 1 FROM user_blocks b
           WHERE (b.blocker_id = NEW.mentor_id AND b.blocked_id = NEW.mentee_id)
              OR (b.blocker_id = NEW.mentee_id AND b.blocked_id = NEW.mentor_id)) THEN
          RAISE EXCEPTION 'MATCH_BLOCKED';
        END IF;
        IF NEW.state IN ('active', 'paused') AND (TG_OP = 'INSERT' OR OLD.state NOT IN ('active', 'paused')) THEN
          -- The lock makes concurrent accepts for one mentor take turns; the count after it sees
          -- every accept committed before.
          SELECT capacity INTO cap FROM mentoring_profiles WHERE user_id = NEW.mentor_id FOR UPDATE;
          IF cap IS NULL THEN
            RAISE EXCEPTION 'MENTOR_NOT_OPEN';
          END IF;
          SELECT count(*) INTO ongoing FROM mentoring_matches
           WHERE mentor_id = NEW.mentor_id AND state IN ('active', 'paused') AND id <> NEW.id;
          IF ongoing >= cap THEN
            RAISE EXCEPTION 'MENTOR_AT_CAPACITY';
          END IF;
        END IF;
        NEW.updated_at := now();
        RETURN NEW;
      END $fn$`);
    await q.query(`CREATE TRIGGER mentoring_match_guard BEFORE INSERT OR UPDATE ON mentoring_matches FOR EACH ROW EXECUTE FUNCTION mentoring_match_guard()`);

    // A mentor cannot lower their capacity below the matches they already have.
    await q.query(`
      CREATE FUNCTION mentoring_capacity_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NEW.capacity < OLD.capacity AND NEW.capacity < (
          SELECT count(*) FROM mentoring_matches WHERE mentor_id = NEW.user_id AND state IN ('active', 'paused')) THEN
          RAISE EXCEPTION 'CAPACITY_BELOW_ONGOING';
        END IF;
        RETURN NEW;
      END $fn$`);
    await q.query(`CREATE TRIGGER mentoring_capacity_guard BEFORE UPDATE OF capacity ON mentoring_profiles FOR EACH ROW EXECUTE FUNCTION mentoring_capacity_guard()`);

    // Blocking ends every live match between the two at once, whoever blocks.
    await q.query(`
      CREATE FUNCTION mentoring_end_on_block() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE mentoring_matches
           SET state = CASE WHEN state = 'requested' THEN 'declined' ELSE 'ended' END,
               ended_at = now()
         WHERE state IN ('requested', 'active', 'paused')
           AND ((mentor_id = NEW.blocker_id AND mentee_id = NEW.blocked_id) OR (mentor_id = NEW.blocked_id AND mentee_id = NEW.blocker_id));
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER mentoring_end_on_block AFTER INSERT ON user_blocks FOR EACH ROW EXECUTE FUNCTION mentoring_end_on_block()`);

    await q.query(`
      CREATE TABLE mentoring_agreements (
        match_id uuid NOT NULL REFERENCES mentoring_matches (id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        how_often text NOT NULL DEFAULT '' CHECK (char_length(how_often) <= 300),
        channel text NOT NULL DEFAULT '' CHECK (char_length(channel) <= 300),
        coordinator_may_see text NOT NULL DEFAULT '' CHECK (char_length(coordinator_may_see) <= 500),
        how_to_end text NOT NULL DEFAULT '' CHECK (char_length(how_to_end) <= 500),
        written_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (match_id, version)
      )`);
    // Private feedback to the organisation at the end; the other side never sees it.
    await q.query(`
      CREATE TABLE mentoring_feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        match_id uuid NOT NULL REFERENCES mentoring_matches (id) ON DELETE CASCADE,
        organization_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
        author_id uuid REFERENCES users (id) ON DELETE SET NULL,
        note text NOT NULL CHECK (char_length(note) BETWEEN 1 AND 2000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mentoring_feedback_org_idx ON mentoring_feedback (organization_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER mentoring_end_on_block ON user_blocks`);
    await q.query(`DROP FUNCTION mentoring_end_on_block()`);
    await q.query(`DROP TABLE mentoring_feedback`);
    await q.query(`DROP TABLE mentoring_agreements`);
    await q.query(`DROP TABLE mentoring_matches`);
    await q.query(`DROP FUNCTION mentoring_match_guard()`);
    await q.query(`DROP TABLE mentoring_trainings`);
    await q.query(`DROP TABLE mentoring_profiles`);
    await q.query(`DROP FUNCTION mentoring_capacity_guard()`);
  }
}
