import { parse } from 'csv-parse/sync';
import {
  REGISTRATION_CSV_COLUMNS,
  REGISTRATION_IMPORT_MAX_BYTES,
  REGISTRATION_IMPORT_MAX_ROWS,
  participantSchema,
  type FieldError,
  type ParticipantInput,
} from '@sorstars/shared';
import { toCsvText } from '../../core/csv/csv-cell.js';
import { AppError } from '../../core/errors/app-error.js';
import type { RegistrationRow } from './registrations.repository.js';

const camel = (column: string) => column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/**
 * A staff member's participant list as CSV (the export's columns, with a header line). All or
 * nothing: over 1 MB or 1,000 rows the file is refused before it is parsed further, and one bad
 * row refuses the whole file, naming the row by its line in the file (the header is line 1).
 */
export function parseParticipantsCsv(csv: string): ParticipantInput[] {
  if (Buffer.byteLength(csv, 'utf8') > REGISTRATION_IMPORT_MAX_BYTES) throw new AppError('IMPORT_TOO_LARGE', [{ path: 'csv', message: 'validation.fileTooLarge' }]);
  let records: string[][];
  try {
    // Stops reading one record past the limit: a 10,000-row file costs no more than 1,001 rows.
    records = parse(csv, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: false, to: REGISTRATION_IMPORT_MAX_ROWS + 2 }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new AppError('VALIDATION_FAILED', [{ path: line ? `csv[${line}]` : 'csv', message: 'validation.csvMalformed' }]);
  }
  const [head, ...rows] = records;
  if (!head || head.join(',').toLowerCase() !== REGISTRATION_CSV_COLUMNS.join(',')) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'csv[1]', message: 'validation.csvHeader' }]);
  }
  if (rows.length > REGISTRATION_IMPORT_MAX_ROWS) throw new AppError('IMPORT_TOO_LARGE', [{ path: 'csv', message: 'validation.tooManyRows' }]);
  if (!rows.length) throw new AppError('VALIDATION_FAILED', [{ path: 'csv', message: 'validation.required' }]);
  return rows.map((cells, i) => {
    const record = Object.fromEntries(REGISTRATION_CSV_COLUMNS.map((c, j) => [camel(c), j === 3 ? cells[j]?.toUpperCase() : cells[j]]));
    const parsed = participantSchema.safeParse(record);
    if (parsed.success) return parsed.data;
    const errors: FieldError[] = parsed.error.issues.slice(0, 10).map((issue) => ({ path: `csv[${i + 2}].${issue.path.join('.')}`, message: issue.message }));
    throw new AppError('VALIDATION_FAILED', errors);
  });
}

/** The registrations as CSV, in the import's columns plus whether each person came; formulas defused. */
export function registrationsCsv(rows: readonly RegistrationRow[], external: (r: RegistrationRow) => boolean): string {
  return toCsvText([
    [...REGISTRATION_CSV_COLUMNS, 'external', 'checked_in_at', 'source', 'registered_at'],
    ...rows.map((r) => [
      r.full_name,
      r.organisation,
      r.organisation_address,
      r.country,
      r.organisation_type,
      r.role,
      external(r) ? 'yes' : 'no',
      r.checked_in_at?.toISOString() ?? '',
      r.source,
      r.created_at.toISOString(),
    ]),
  ]);
}
