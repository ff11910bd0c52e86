// How the KPI view writes its figures, in Japanese and English (DOMAIN.md: 12/6(日), weeks from
// Monday). Pure functions, so the chart's table and the headline say the same thing.

export type Lang = "ja" | "en";

/** "+8%", "−10%", "±0%"; null (no previous figure) → "—". */
export function formatChange(percent: number | null): string {
  if (percent === null) return "—";
  if (percent === 0) return "±0%";
  return percent > 0 ? `+${percent}%` : `−${-percent}%`;
}

/** A rate 0–1 as "6.1%"; null → "—". */
export const formatRate = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 1000) / 10}%`);

/** Minutes as people say them: "42分" / "10時間" / "3.5日" (en: "42 min", "10 h", "3.5 d"); null → "—". */
export function formatMinutes(minutes: number | null, lang: Lang): string {
  if (minutes === null) return "—";
  const one = (n: number) => String(Math.round(n * 10) / 10);
  const [value, ja, en] =
    minutes < 60
      ? [String(Math.round(minutes)), "分", " min"]
      : minutes < 48 * 60
        ? [one(minutes / 60), "時間", " h"]
        : [one(minutes / 1440), "日", " d"];
  return lang === "ja" ? `${value}${ja}` : `${value}${en}`;
}

/** Days with one decimal: "4.5日" / "4.5 days"; null → "—". */
export const formatDays = (days: number | null, lang: Lang) =>
  days === null ? "—" : lang === "ja" ? `${days}日` : `${days} day${days === 1 ? "" : "s"}`;

const WEEKDAYS_JA = "日月火水木金土";

/** A bucket's first date: "12/6(日)" / "Sun 12/6"; weeks: "12/1週" / "Week of 12/1". */
export function formatBucket(date: string, interval: "day" | "week", lang: Lang): string {
  const [, month, day] = date.split("-").map(Number) as [number, number, number];
  const md = `${month}/${day}`;
  if (interval === "week") return lang === "ja" ? `${md}週` : `Week of ${md}`;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (lang === "ja") return `${md}(${WEEKDAYS_JA[weekday]})`;
  return `${["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][weekday]} ${md}`;
}

/** 1234 → "1,234". */
export const formatCount = (n: number) => n.toLocaleString("en-US");
