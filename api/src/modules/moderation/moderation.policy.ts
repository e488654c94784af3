import type { PlatformRole } from '@sorstars/shared';
import { spaceKeeperSql } from '../spaces/spaces.policy.js';

/**
 * Who reviews what, as pure functions and their SQL mirrors side by side: the review queue asks the
 * functions, notifications about reports ask the SQL, so "may still see this report" is one rule.
 */
export interface Reviewer {
  roles: readonly PlatformRole[];
}

export const isAdmin = (u: Reviewer) => u.roles.includes('admin');

/** Safeguarding items go to the platform's safeguarding leads; admins may always look. */
export const isSafeguardingLead = (u: Reviewer) => u.roles.includes('safeguarding') || isAdmin(u);

const hasRoleSql = (user: string, roles: readonly PlatformRole[]) =>
  `EXISTS (SELECT 1 FROM users u_role WHERE u_role.id = ${user} AND u_role.roles && ARRAY[${roles.map((r) => `'${r}'`).join(', ')}]::text[])`;

/** isSafeguardingLead in SQL, read now: a lead who lost the role stops seeing safeguarding news. */
export const safeguardingLeadSql = (user: string) => hasRoleSql(user, ['safeguarding', 'admin']);

/**
 * Who may see a report in the queue, in SQL: admins every report, a space's keepers (spaceKeeperSql,
 * the queue's `authorize(…, 'removeMember')`) that space's. `space` may be NULL (a report about
 * something outside any space: admins only).
 */
export const reportReviewerSql = (user: string, space: string) =>
  `(${hasRoleSql(user, ['admin'])} OR (${space} IS NOT NULL AND ${spaceKeeperSql(user, space)}))`;
