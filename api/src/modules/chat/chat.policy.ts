import { notBlockedSql } from '../accounts/blocks.policy.js';
import { spaceReaderSql } from '../spaces/spaces.policy.js';

/**
 * Which messages a viewer sees, in SQL. History and catch-up are only served to members (the
 * service checks the space policy first) and then leave out blocked people and held messages;
 * search has no such earlier check, so `messageReadableSql` adds membership itself and also leaves
 * out what history would show only as a "removed" placeholder. `g` is the messages alias.
 */
export const messageNotBlockedSql = (g = 'g', viewer = '$1') => notBlockedSql(viewer, `${g}.author_id`);

/** A message held for approval exists only for its author until a moderator lets it through. */
export const messageNotHeldSql = (g = 'g', viewer = '$1') => `(${g}.moderation_state <> 'pending' OR ${g}.author_id = ${viewer})`;

export const messageReadableSql = (g: string, viewer: string) =>
  `${spaceReaderSql(viewer, `${g}.space_id`)} AND ${g}.deleted_at IS NULL
    AND (${g}.moderation_state = 'visible' OR ${g}.author_id = ${viewer}) AND ${messageNotBlockedSql(g, viewer)}`;
