// Business hours for stall reminders: Monday to Friday, 09:00–18:00 in the site's time zone (the
// common office day in Japan, where most of our users are), without the zone's public holidays
// where we know them: Japan's for sites in Asia/Tokyo (computed: japanese-holidays.ts). Elsewhere
// a reminder may come on a holiday, never on a weekend or at night.
import { addDays, type LocalDate, localDateAt, offsetAt } from "../lib/zoned-time.ts";
import { japaneseHoliday } from "./japanese-holidays.ts";

export const BUSINESS_DAY = { startHour: 9, endHour: 18 } as const;

/** The instant local `hour`:00 on date `d` happens in `zone` (two rounds find the offset in force). */
export function localHourInstant(zone: string, d: LocalDate, hour: number): number {
  const wall = Date.UTC(d.year, d.month - 1, d.day, hour);
  const guess = wall - offsetAt(zone, wall);
  return wall - offsetAt(zone, guess);
}

/** Public-holiday calendars by time zone: the name of the holiday on a local date, or null. */
const HOLIDAYS: Record<string, (d: LocalDate) => string | null> = { "Asia/Tokyo": japaneseHoliday };

/** Whether local date `d` is a working day in `zone`: Monday to Friday and not a known public holiday. */
export function isBusinessDay(zone: string, d: LocalDate): boolean {
  const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return weekday >= 1 && weekday <= 5 && !HOLIDAYS[zone]?.(d);
}

/** Business minutes in `zone` between two instants (0 when `to` <= `from`). */
export function businessMinutesBetween(zone: string, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  const last = localDateAt(zone, to);
  const lastKey = Date.UTC(last.year, last.month - 1, last.day);
  for (let d = localDateAt(zone, from); Date.UTC(d.year, d.month - 1, d.day) <= lastKey; d = addDays(d, 1)) {
    if (!isBusinessDay(zone, d)) continue;
    const open = localHourInstant(zone, d, BUSINESS_DAY.startHour);
    const close = localHourInstant(zone, d, BUSINESS_DAY.endHour);
    total += Math.max(0, Math.min(close, to) - Math.max(open, from));
  }
  return Math.floor(total / 60_000);
}

/** Whether instant `at` falls within business hours in `zone` (routing rules that apply only then). */
export function isWithinBusinessHours(zone: string, at: number): boolean {
  const d = localDateAt(zone, at);
  if (!isBusinessDay(zone, d)) return false;
  return (
    at >= localHourInstant(zone, d, BUSINESS_DAY.startHour) && at < localHourInstant(zone, d, BUSINESS_DAY.endHour)
  );
}
