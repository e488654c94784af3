/**
 * Blocked people's content is hidden from the blocker everywhere: lists, chat history, comments and
 * search ask this one predicate. `viewer` is a SQL expression for the viewer's id (may be NULL).
 */
export const notBlockedSql = (viewer: string, authorExpr: string) =>
  `NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = ${viewer} AND b.blocked_id = ${authorExpr})`;
