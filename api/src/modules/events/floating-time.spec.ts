import { DateTime, IANAZone } from 'luxon';
import { fromFloating, toFloating } from './floating-time.js';

/**
 * floating-time.ts reads zone offsets from shared's hourly memory instead of asking luxon (Intl)
 * each time. Luxon stays the oracle: its own rules, as this file computed them before.
 */
const byLuxonToFloating = (instant: Date, zone: string): Date => {
  const local = DateTime.fromJSDate(instant, { zone });
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
};

const byLuxonFromFloating = (floating: Date, zone: string): Date => {
  const tz = IANAZone.create(zone);
  const local = floating.getTime();
  const o = tz.offset(local);
  let guess = local - o * 60_000;
  const o2 = tz.offset(guess);
  if (o === o2) return new Date(guess);
  guess -= (o2 - o) * 60_000;
  const o3 = tz.offset(guess);
  if (o2 === o3) return new Date(guess);
  return new Date(local - Math.min(o2, o3) * 60_000);
};

/** Deterministic, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

const EVENT_ZONES = ['Europe/Copenhagen', 'Europe/Budapest', 'Europe/Belgrade', 'Europe/Ljubljana', 'Europe/Helsinki', 'UTC'];
// Half-hour offsets and a half-hour daylight-saving change (Lord Howe), southern-hemisphere ones,
// and zones west of Greenwich, where a repeated autumn hour is read differently (Havana repeats midnight).
const ODD_ZONES = ['Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Adelaide', 'America/New_York', 'America/Havana', 'America/Santiago'];
// The days of the 2026 changes of Europe, North America, Australia and Chile (which repeats 23:00 on 4 April).
const CHANGE_DAYS = ['2026-03-29', '2026-10-25', '2026-03-08', '2026-11-01', '2026-04-05', '2026-10-04', '2026-09-06', '2026-04-04'].map((d) => Date.parse(`${d}T00:00:00Z`));

describe('floating time on remembered offsets', () => {
  it('says what luxon says, minute by minute around every 2026 change and at random instants from 1900 to 2100', () => {
    const rnd = random(20261203);
    const problems: string[] = [];
    const check = (t: number, zone: string) => {
      const instant = new Date(t);
      if (toFloating(instant, zone).getTime() !== byLuxonToFloating(instant, zone).getTime()) problems.push(`toFloating ${zone} @ ${instant.toISOString()}`);
      // Every wall time of those days: the ones the spring change skips and the autumn one repeats too.
      if (fromFloating(instant, zone).getTime() !== byLuxonFromFloating(instant, zone).getTime()) problems.push(`fromFloating ${zone} @ ${instant.toISOString()}`);
    };
    for (const zone of [...EVENT_ZONES, ...ODD_ZONES]) {
      for (const day of CHANGE_DAYS) for (let m = 0; m < 24 * 60; m += 1) check(day + m * 60_000 + (m % 7) * 1_000 + (m % 3) * 123, zone);
      for (let i = 0; i < 2_000; i++) check(Date.UTC(1900, 0, 1) + Math.floor(rnd() * 200 * 365.25 * 86_400) * 1_000, zone);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('keeps an invalid date invalid, as luxon did', () => {
    const invalid = new Date(Number.NaN);
    expect(Number.isNaN(byLuxonToFloating(invalid, 'Europe/Budapest').getTime())).toBe(true);
    expect(Number.isNaN(toFloating(invalid, 'Europe/Budapest').getTime())).toBe(true);
    expect(Number.isNaN(byLuxonFromFloating(invalid, 'Europe/Budapest').getTime())).toBe(true);
    expect(Number.isNaN(fromFloating(invalid, 'Europe/Budapest').getTime())).toBe(true);
  });
});
