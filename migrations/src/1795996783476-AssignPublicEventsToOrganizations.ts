import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every public event belongs to an organisation now; the platform `org_staff` role no longer lets
 * anyone post or manage them. LinkEventsToOrganizations linked the events that named an organiser;
 * this links the rest:
 * - events that named an organiser since then: to the organisation of that name the poster is a
 *   member of, else to a new unverified one of that name (never to someone else's organisation);
 * - events that named none: to an unverified organisation in the name of the person who posted
 *   them, who becomes its admin — so they keep managing their events, and the page says "not yet
 *   verified" until a platform admin looks at it;
 * - events whose poster's account is gone stay without one: only platform admins manage those.
 * Posters become admins of the organisations made here for their events.
 */
export class AssignPublicEventsToOrganizations1795996783476 implements MigrationInterface {
  name = 'AssignPublicEventsToOrganizations1795996783476';

  async up(q: QueryRunner): Promise<void> {
    const unlinked = `e.space_id IS NULL AND e.organization_id IS NULL`;
    const slug = (name: string, salt: string) =>
      `trim(both '-' from regexp_replace(lower(${name}), '[^[:alnum:]]+', '-', 'g')) || '-' || substr(md5(${name} || coalesce(${salt}::text, '')), 1, 6)`;
    // An organiser's name links to an organisation of that name only if the poster is already its
    // member: typing a real organisation's name never hands its events (or its admin role) to anyone.
    await q.query(`
      UPDATE events e SET organization_id = (
        SELECT o.id FROM organizations o JOIN organization_members m ON m.organization_id = o.id AND m.user_id = e.created_by
         WHERE o.name = trim(e.organizer) ORDER BY o.created_at LIMIT 1)
       WHERE ${unlinked} AND coalesce(trim(e.organizer), '') <> ''`);
    await q.query(`
      INSERT INTO organizations (slug, name, created_by)
      SELECT DISTINCT ${slug('trim(e.organizer)', 'e.created_by')}, trim(e.organizer), e.created_by
        FROM events e WHERE ${unlinked} AND coalesce(trim(e.organizer), '') <> ''
      ON CONFLICT (slug) DO NOTHING`);
    await q.query(`
      UPDATE events e SET organization_id = o.id FROM organizations o
       WHERE ${unlinked} AND coalesce(trim(e.organizer), '') <> '' AND o.slug = ${slug('trim(e.organizer)', 'e.created_by')}`);
    // The rest: one organisation per poster, named as they present themselves.
    const userSlug = `'events-' || ${slug('u.username', 'u.id')}`;
    await q.query(`
      INSERT INTO organizations (slug, name, created_by)
      SELECT DISTINCT ON (u.id) ${userSlug}, coalesce(nullif(trim(u.display_name), ''), u.username), u.id
        FROM events e JOIN users u ON u.id = e.created_by
       WHERE ${unlinked} AND u.status <> 'deleted'
      ON CONFLICT (slug) DO NOTHING`);
    await q.query(`
      UPDATE events e SET organization_id = o.id FROM users u, organizations o
       WHERE ${unlinked} AND u.id = e.created_by AND u.status <> 'deleted' AND o.slug = ${userSlug}`);
    // Posters run the organisations made for their events.
    await q.query(`
      INSERT INTO organization_members (organization_id, user_id, role)
      SELECT DISTINCT o.id, o.created_by, 'admin'
        FROM events e JOIN organizations o ON o.id = e.organization_id AND o.created_by = e.created_by
        JOIN users u ON u.id = o.created_by
       WHERE e.space_id IS NULL AND u.status <> 'deleted'
      ON CONFLICT DO NOTHING`);
  }

  async down(): Promise<void> {
    // The links and organisations made here are kept: which events were linked before cannot be
    // told apart afterwards, and undoing it would leave events nobody but admins may manage.
  }
}
