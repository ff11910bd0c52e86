// Japanese public holidays (国民の祝日に関する法律), computed rather than listed, so no table needs
// a yearly update: the fixed days and "happy Monday" days of the law as in force since 2022, the
// equinox days from the standard astronomical approximation, and the two derived kinds of day off:
// a substitute holiday (振替休日) after a holiday on a Sunday, and a citizens' holiday (国民の休日)
// on a weekday between two holidays (e.g. 2026-09-22). The equinox formula agrees with the days
// the National Astronomical Observatory announces for 1980–2099. Not modelled: one-off days
// (the 2019 enthronement, the 2020–21 Olympic moves) and company closures such as 年末年始,
// which are not public holidays.
import type { LocalDate } from "../lib/zoned-time.ts";

/** Day of the month of the n-th Monday of `month` (1–12) of `year`. */
function nthMonday(year: number, month: number, n: number): number {
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return 1 + ((8 - firstWeekday) % 7) + (n - 1) * 7;
}

/** 春分の日 / 秋分の日: the usual approximation, valid 1980–2099. */
const equinox = (year: number, base: number) =>
  Math.floor(base + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));

const key = (month: number, day: number) => `${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** The law's holidays (国民の祝日) of a year, by "MM-DD", with their names. */
function nationalHolidays(year: number): Map<string, string> {
  const days: [number, number, string][] = [
    [1, 1, "元日"],
    [1, nthMonday(year, 1, 2), "成人の日"],
    [2, 11, "建国記念の日"],
    [2, 23, "天皇誕生日"],
    [3, equinox(year, 20.8431), "春分の日"],
    [4, 29, "昭和の日"],
    [5, 3, "憲法記念日"],
    [5, 4, "みどりの日"],
    [5, 5, "こどもの日"],
    [7, nthMonday(year, 7, 3), "海の日"],
    [8, 11, "山の日"],
    [9, nthMonday(year, 9, 3), "敬老の日"],
    [9, equinox(year, 23.2488), "秋分の日"],
    [10, nthMonday(year, 10, 2), "スポーツの日"],
    [11, 3, "文化の日"],
    [11, 23, "勤労感謝の日"],
  ];
  return new Map(days.map(([month, day, name]) => [key(month, day), name]));
}

const cache = new Map<number, Map<string, string>>();

/** Every public holiday of `year` in Japan, by "MM-DD" (national, substitute and citizens' holidays). */
export function japaneseHolidays(year: number): Map<string, string> {
  const cached = cache.get(year);
  if (cached) return cached;
  const national = nationalHolidays(year);
  const all = new Map(national);
  const dayKey = (t: number) => {
    const d = new Date(t);
    return d.getUTCFullYear() === year ? key(d.getUTCMonth() + 1, d.getUTCDate()) : null;
  };
  const DAY = 86_400_000;
  for (const k of national.keys()) {
    const [month, day] = k.split("-").map(Number) as [number, number];
    const t = Date.UTC(year, month - 1, day);
    // 振替休日: a holiday on a Sunday moves the day off to the next day that is not a holiday.
    if (new Date(t).getUTCDay() === 0) {
      let next = t + DAY;
      while (national.has(dayKey(next) ?? "")) next += DAY;
      const substitute = dayKey(next);
      if (substitute) all.set(substitute, "振替休日");
    }
    // 国民の休日: a day between two holidays that is not one itself.
    const between = dayKey(t + DAY);
    const after = dayKey(t + 2 * DAY);
    if (between && after && !national.has(between) && national.has(after) && !all.has(between)) {
      all.set(between, "国民の休日");
    }
  }
  cache.set(year, all);
  return all;
}

/** The holiday's name when local date `d` is a public holiday in Japan, else null. */
export const japaneseHoliday = (d: LocalDate): string | null =>
  japaneseHolidays(d.year).get(key(d.month, d.day)) ?? null;
