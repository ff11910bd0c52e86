// The KPI view's ranges: the last 7 / 30 / 90 days (or the weeks that cover them) in the site's
// time zone, and the same number of buckets just before, so both series line up bucket by bucket.
// Dates are local calendar dates "YYYY-MM-DD", the form GET /v1/stats takes for whole days.

export const PERIOD_DAYS = [7, 30, 90] as const;
export type PeriodDays = (typeof PERIOD_DAYS)[number];
export type Interval = "day" | "week";

/** Inclusive local dates, as GET /v1/stats takes them (`to` includes its whole day). */
export interface DateRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

/** The local date of `at` in `zone`, "YYYY-MM-DD". */
export function localDate(zone: string, at: number): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    at,
  );
}

const toUtc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `date` moved by `days` calendar days. */
export const addDays = (date: string, days: number) => fromUtc(toUtc(date) + days * DAY_MS);

/** The Monday of `date`'s week (weeks start on Monday, as the stats buckets do). */
export function mondayOf(date: string): string {
  const weekday = (new Date(toUtc(date)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/**
 * The range ending `today` and the one just before it, with equally many buckets: `days` days,
 * or the `ceil(days / 7)` Monday weeks that end with today's week.
 */
export function comparedRanges(days: number, interval: Interval, today: string) {
  const step = interval === "day" ? 1 : 7;
  const count = interval === "day" ? days : Math.ceil(days / 7);
  const from = addDays(interval === "day" ? today : mondayOf(today), -(count - 1) * step);
  const current: DateRange = { from, to: today };
  const previous: DateRange = { from: addDays(from, -count * step), to: addDays(from, -1) };
  return { current, previous };
}

/** Change from `previous` to `current` in whole percent; null when there is nothing to compare with. */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / previous) * 100);
}
