/**
 * One CSV cell for spreadsheets people open with a double click: quoted when it holds a quote,
 * comma or line break, and a leading = + - @ (or tab / carriage return) is defused with an
 * apostrophe, so a name like "=HYPERLINK(…)" stays text instead of becoming a formula.
 */
export const csvCell = (v: string | number | null) => {
  if (v === null) return '';
  const s = String(v);
  if (typeof v === 'number') return s;
  const risky = /^[=+\-@\t\r]/.test(s);
  if (!risky && !/[",\n\r]/.test(s)) return s;
  return `"${(risky ? `'${s}` : s).replace(/"/g, '""')}"`;
};

/** Lines of cells as CSV with CRLF line ends, as RFC 4180 and spreadsheet programs expect. */
export const toCsvText = (rows: readonly (readonly (string | number | null)[])[]) => rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
