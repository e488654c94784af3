/**
 * Postgres's SQLSTATE of a failed query: pg puts it on its error as `code`, and TypeORM's
 * QueryFailedError keeps pg's error as `driverError` (and copies its fields).
 */
export function pgErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}
