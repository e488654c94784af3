import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public events belong to an organisation, whose staff may post and manage them. Each distinct
 * free-text `organizer` becomes an organisation, its events are linked to it, and the org_staff
 * members who posted them become its admins. The text column stays for events without one.
 */
export class LinkEventsToOrganizations1795988731035 implements MigrationInterface {
  name = 'LinkEventsToOrganizations1795988731035';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX events_organization_idx ON events (organization_id)`);
    await q.query(`
      INSERT INTO organizations (slug, name, created_by)
      SELECT DISTINCT ON (o.name)
             trim(both '-' from regexp_replace(lower(o.name), '[^[:alnum:]]+', '-', 'g')) || '-' || substr(md5(o.name), 1, 6),
             o.name, o.created_by
        FROM (SELECT trim(organizer) AS name, created_by, created_at FROM events WHERE coalesce(trim(organizer), '') <> '') o
       ORDER BY o.name, o.created_at
      ON CONFLICT (slug) DO NOTHING`);
    await q.query(`UPDATE events e SET organization_id = o.id FROM organizations o WHERE o.name = trim(e.organizer) AND e.organization_id IS NULL`);
    await q.query(`
      INSERT INTO organization_members (organization_id, user_id, role)
      SELECT DISTINCT e.organization_id, e.created_by, 'admin'
        FROM events e JOIN users u ON u.id = e.created_by
       WHERE e.organization_id IS NOT NULL AND 'org_staff' = ANY (u.roles)
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE events e SET organizer = o.name FROM organizations o WHERE o.id = e.organization_id AND e.organizer IS NULL`);
    await q.query(`ALTER TABLE events DROP COLUMN organization_id`);
  }
}
