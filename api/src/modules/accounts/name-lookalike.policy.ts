/**
 * Whether the display name of the person in users row `alias` looks like another person's username
 * or display name (their UTS #39 skeletons match, AddUsernameSkeletons), as a boolean SQL
 * expression: every list that shows authors asks it, so the page can put the @username next to
 * such a name.
 *
 * Written into each statement rather than called as the database function display_name_imitates:
 * Postgres cannot inline an SQL function that holds a subquery, so it ran the function's own
 * executor for every row and every name. On a space page of 50 messages that was half the
 * statement's execution (docs/benchmarks.md, issue 16); written out, it is at most two index
 * lookups a row. The function stays in the database, unused, so that an API of the release before,
 * still running in a rolling deploy or rolled back to, finds it; a later release can drop it.
 */
export const displayNameImitatesSql = (alias: string) =>
  `(${alias}.display_name_skeleton IS NOT NULL AND EXISTS (
     SELECT 1 FROM users imitated
      WHERE imitated.id <> ${alias}.id
        AND (imitated.username_skeleton = ${alias}.display_name_skeleton OR imitated.display_name_skeleton = ${alias}.display_name_skeleton)))`;
