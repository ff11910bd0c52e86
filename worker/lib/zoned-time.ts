// Calendar math in an IANA time zone, with @date-fns/tz (on Intl, no tz database of our own):
// the stats buckets follow the zone's local days and Monday-based weeks, so a bucket is 23 or
// 25 hours long across a daylight-saving change.
import { TZDate, tzOffset } from "@date-fns/tz";

const DAY_MS = 86_400_000;

/** A local calendar date (month 1–12). */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  // Intl itself, not tzOffset: that also reads offsets such as "+09:00" out of any string.
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at `utcMs`, in ms (Asia/Tokyo: +9 h). */
export function offsetAt(zone: string, utcMs: number): number {
  return tzOffset(zone, new Date(utcMs)) * 60_000;
}

/** The local date in `zone` at `utcMs`. */
export function localDateAt(zone: string, utcMs: number): LocalDate {
  const d = new TZDate(utcMs, zone);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

const dateKey = (d: LocalDate) => Date.UTC(d.year, d.month - 1, d.day);

/**
 * The first instant of local date `d` in `zone`: normally local midnight; where midnight is
 * skipped by a daylight-saving change (e.g. America/Santiago), the instant the day begins.
 */
export function startOfLocalDay(zone: string, d: LocalDate): number {
  return new TZDate(d.year, d.month - 1, d.day, zone).getTime();
}

/** `d` plus `days` calendar days. */
export function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(dateKey(d) + days * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The Monday on or before `d`. */
export function mondayOf(d: LocalDate): LocalDate {
  const weekday = new Date(dateKey(d)).getUTCDay(); // 0 = Sunday
  return addDays(d, -((weekday + 6) % 7));
}

/** "YYYY-MM-DD". */
export function formatLocalDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

/** ISO 8601 with the zone's offset at that instant, e.g. "2026-11-02T00:00:00+09:00". */
export function formatZoned(zone: string, utcMs: number): string {
  const offset = offsetAt(zone, utcMs);
  const local = new Date(utcMs + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset) / 60_000;
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export type Interval = "day" | "week";

/** One bucket: [start, end) in UTC ms, labelled by its first local date. */
export interface Bucket {
  date: LocalDate;
  start: number;
  end: number;
}

/**
 * The zone's local days (or Monday-based weeks) from the one containing `from` through the one
 * containing `lastInstant`, in order, with no gaps.
 */
export function bucketsBetween(zone: string, interval: Interval, from: number, lastInstant: number): Bucket[] {
  const step = interval === "day" ? 1 : 7;
  const align = (d: LocalDate) => (interval === "day" ? d : mondayOf(d));
  const last = dateKey(align(localDateAt(zone, lastInstant)));
  const buckets: Bucket[] = [];
  let date = align(localDateAt(zone, from));
  let start = startOfLocalDay(zone, date);
  while (dateKey(date) <= last) {
    const next = addDays(date, step);
    const end = startOfLocalDay(zone, next);
    buckets.push({ date, start, end });
    date = next;
    start = end;
  }
  return buckets;
}
