import { MIN_CELL_SIZE, type NumbersRow } from '@sorstars/shared';
import { toCsvText } from '../../core/csv/csv-cell.js';

/** One match as the numbers see it: no names, no text. */
export interface MatchFact {
  menteeId: string;
  mentorId: string;
  city: string | null;
  language: string | null;
  /** When the match was asked for (or suggested): the period it counts in. */
  requestedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  /** Hours to the mentor's first message in the match's conversation (see NumbersRepository), when there was one. */
  firstReplyHours: number | null;
}

const DAY = 86_400_000;

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A count is shown only when at least MIN_CELL_SIZE distinct people stand behind it. */
const shown = (people: ReadonlySet<string>, value: number | null) => (people.size >= MIN_CELL_SIZE ? value : null);

const peopleOf = (facts: readonly MatchFact[]) => new Set(facts.flatMap((f) => [f.menteeId, f.mentorId]));

function row(group: NumbersRow['group'], key: string, facts: readonly MatchFact[], now: Date): NumbersRow {
  const started = facts.filter((f) => f.startedAt);
  const ended = started.filter((f) => f.endedAt);
  const active = started.filter((f) => !f.endedAt);
  const lengths = ended.map((f) => (f.endedAt!.getTime() - f.startedAt!.getTime()) / DAY);
  const early = ended.filter((f) => f.endedAt!.getTime() - f.startedAt!.getTime() < 28 * DAY);
  const replies = facts.map((f) => f.firstReplyHours).filter((h): h is number => h !== null);
  void now;
  return {
    group,
    key,
    started: shown(peopleOf(started), started.length),
    active: shown(peopleOf(active), active.length),
    ended: shown(peopleOf(ended), ended.length),
    medianDays: shown(peopleOf(ended), lengths.length ? Math.round(median(lengths)!) : null),
    endedInFirst4WeeksPercent: shown(peopleOf(ended), ended.length ? Math.round((100 * early.length) / ended.length) : null),
    medianFirstReplyHours: shown(peopleOf(facts.filter((f) => f.firstReplyHours !== null)), replies.length ? Math.round(median(replies)!) : null),
  };
}

/** The calendar quarter a match was requested in, e.g. "2026-Q1" (UTC): the numbers' period. */
export const periodOf = (d: Date) => `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;

const KEYS: Record<Exclude<NumbersRow['group'], 'all'>, (f: MatchFact) => string | null> = {
  period: (f) => periodOf(f.requestedAt),
  city: (f) => f.city,
  language: (f) => f.language,
};

/**
 * The organisation's numbers: everything, then per period (quarter of the request), by city and
 * by language. A cell counts distinct
 * people (mentors and mentees) and is suppressed (null) below MIN_CELL_SIZE; a group with too few
 * people is left out entirely, so even its name does not single anyone out.
 */
export function aggregate(facts: readonly MatchFact[], now = new Date()): NumbersRow[] {
  const rows = [row('all', 'all', facts, now)];
  for (const group of ['period', 'city', 'language'] as const) {
    const byKey = new Map<string, MatchFact[]>();
    for (const f of facts) {
      const key = KEYS[group](f);
      if (key) byKey.set(key, [...(byKey.get(key) ?? []), f]);
    }
    for (const [key, list] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
      if (peopleOf(list).size >= MIN_CELL_SIZE) rows.push(row(group, key, list, now));
    }
  }
  return rows;
}


/** For funders' reports; empty cells are suppressed ones. Formula-looking keys are defused. */
export function toCsv(rows: readonly NumbersRow[]): string {
  const head = ['group', 'key', 'started', 'active', 'ended', 'median_days', 'ended_in_first_4_weeks_percent', 'median_first_reply_hours'];
  return toCsvText([head, ...rows.map((r) => [r.group, r.key, r.started, r.active, r.ended, r.medianDays, r.endedInFirst4WeeksPercent, r.medianFirstReplyHours])]);
}
