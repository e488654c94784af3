/**
 * Which resources anyone may see, in SQL: the directory's list and search ask the same predicate.
 * `r` is the resources alias.
 */
export const resourceListedSql = (r = 'r') => `${r}.deleted_at IS NULL AND ${r}.moderation_state = 'visible'`;

/** Search offers only what is on offer now: listed and active (not inactive or temporarily closed). */
export const resourceSearchableSql = (r = 'r') => `${resourceListedSql(r)} AND ${r}.status = 'active'`;
