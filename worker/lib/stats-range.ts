// Turns a stats query (dates or instants, interval, zone) into whole local buckets, and the
// raw figures into the answer's summaries. Pure logic: unit-tested without a database.
import { isDateOnly, STATS_MAX_DAYS, type StatsQuery } from "../../shared/stats.ts";
import {
  addDays,
  type Bucket,
  bucketsBetween,
  formatLocalDate,
  type Interval,
  type LocalDate,
  localDateAt,
  mondayOf,
  startOfLocalDay,
} from "./zoned-time.ts";

export type RangeResult = { ok: true; buckets: Bucket[] } | { ok: false; field: "from" | "to"; reason: string };

const parseDate = (value: string): LocalDate => {
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  return { year, month, day };
};

/**
 * The buckets of a query in `zone`: a date `from` starts at that local day, a date `to` includes
 * its whole day, date-times are instants ([from, to)). The range widens to whole buckets.
 * Without `to`, up to now; without `from`, 30 days (or 12 weeks) ending with `to`.
 */
export function resolveRange(query: Omit<StatsQuery, "tz">, zone: string, now: number): RangeResult {
  const interval: Interval = query.interval;
  const to = !query.to
    ? now + 1
    : isDateOnly(query.to)
      ? startOfLocalDay(zone, addDays(parseDate(query.to), 1))
      : Date.parse(query.to);
  let from: number;
  if (query.from) {
    from = isDateOnly(query.from) ? startOfLocalDay(zone, parseDate(query.from)) : Date.parse(query.from);
  } else {
    const last = localDateAt(zone, to - 1);
    from = startOfLocalDay(zone, interval === "day" ? addDays(last, -29) : addDays(mondayOf(last), -7 * 11));
  }
  if (to <= from) return { ok: false, field: "to", reason: "must be after from" };
  const maxDays = STATS_MAX_DAYS[interval];
  // Measured in local days, so a range of whole days is never off by a daylight-saving hour.
  const days = Math.round((to - from) / 86_400_000);
  if (days > maxDays) {
    return {
      ok: false,
      field: "to",
      reason: `must be at most ${maxDays} days after from with interval=${interval}`,
    };
  }
  return { ok: true, buckets: bucketsBetween(zone, interval, from, to - 1) };
}

/** Median of ascending values (mean of the middle two for an even count); null when empty. */
export function median(sorted: readonly number[]): number | null {
  if (!sorted.length) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (0 < p ≤ 100) of ascending values; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `value` rounded to one decimal, or null. */
export const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/**
 * The buckets as ranges of local dates, [first date, first date after): how day counters (form
 * analytics, stored per local date) fall into them.
 */
export const dayRanges = (buckets: readonly Bucket[], interval: Interval): [string, string][] =>
  buckets.map((b) => [formatLocalDate(b.date), formatLocalDate(addDays(b.date, interval === "day" ? 1 : 7))]);
