/**
 * One CSV cell for reports that people open in spreadsheets: quoted when it holds a comma, quote
 * or line break, and a value starting with = + - @ gets a leading apostrophe so a spreadsheet
 * shows it instead of running it as a formula. Empty for null.
 */
export const csvCell = (v: string | number | null) => (v === null ? '' : /[",\n\r]/.test(String(v)) || /^[=+\-@]/.test(String(v)) ? `"${String(v).replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : String(v));
