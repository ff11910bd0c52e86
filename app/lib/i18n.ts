// Words and dates on screen, Japanese by default, English on request (kept in localStorage).
// The words follow DOMAIN.md's table. Views loaded on demand keep their own words beside them
// (see `viewWords`), so the entry bundle carries only the shell's and the inbox's.
import { useEffect, useState } from "preact/hooks";
import { EN, JA, type Words } from "./words.ts";

export type Lang = "ja" | "en";
export type WordKey = keyof Words;
/** A word on screen; `{name}` placeholders are filled from `vars`. */
export type T = (key: WordKey, vars?: Record<string, string | number>) => string;

const STORAGE_KEY = "hikiai:lang";
const listeners = new Set<(lang: Lang) => void>();

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "ja";
  } catch {
    return "ja";
  }
}

/** Switches the language everywhere and remembers it for the next visit. */
export function setLang(lang: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode without storage: the switch holds for this page only.
  }
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

/** The current language; re-renders when it is switched. */
export function useLang(): Lang {
  const [lang, set] = useState(storedLang);
  useEffect(() => {
    document.documentElement.lang = lang;
    listeners.add(set);
    return () => {
      listeners.delete(set);
    };
  }, [lang]);
  return lang;
}

const fill = (text: string, vars?: Record<string, string | number>) =>
  vars ? text.replace(/\{(\w+)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all)) : text;

/** The word table of `lang` as a function. */
export function translator(lang: Lang): T {
  const words = lang === "en" ? EN : JA;
  return (key, vars) => fill(words[key], vars);
}

/**
 * A view's own words in both languages, picked for `lang`: views loaded on demand carry their
 * words in their own file instead of growing the entry bundle.
 *
 * @example
 * const w = viewWords(lang, { ja: { title: "KPI" }, en: { title: "KPIs" } });
 */
export function viewWords<W extends Record<string, string>>(lang: Lang, words: { ja: W; en: W }): W {
  return words[lang];
}

const formats = new Map<string, Intl.DateTimeFormat>();
function parts(at: Date, lang: Lang, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const id = `${lang}|${timeZone}|${JSON.stringify(options)}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-US", { timeZone, hourCycle: "h23", ...options });
    formats.set(id, format);
  }
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(at)) out[part.type] = part.value;
  return out;
}

const toDate = (at: string | number | Date) => (at instanceof Date ? at : new Date(at));

/**
 * A day in the site's zone: "12/6(日)" or "2026年12月6日(日)" (long); "Sun, Dec 6" or "Sun, Dec 6, 2026".
 */
export function formatDay(at: string | number | Date, lang: Lang, timeZone: string, long = false): string {
  const p = parts(toDate(at), lang, timeZone, { year: "numeric", month: "numeric", day: "numeric", weekday: "short" });
  if (lang === "ja")
    return long ? `${p.year}年${p.month}月${p.day}日(${p.weekday})` : `${p.month}/${p.day}(${p.weekday})`;
  const month = parts(toDate(at), lang, timeZone, { month: "short" }).month;
  return long ? `${p.weekday}, ${month} ${p.day}, ${p.year}` : `${p.weekday}, ${month} ${p.day}`;
}

/** A time of day in the site's zone, 24 h: "10:12". */
export function formatTime(at: string | number | Date, lang: Lang, timeZone: string): string {
  const p = parts(toDate(at), lang, timeZone, { hour: "2-digit", minute: "2-digit" });
  return `${p.hour}:${p.minute}`;
}

/** Day and time in the site's zone: "12/6(日) 10:12" (long: with the year). */
export const formatDateTime = (at: string | number | Date, lang: Lang, timeZone: string, long = false) =>
  `${formatDay(at, lang, timeZone, long)} ${formatTime(at, lang, timeZone)}`;

/** How long ago, coarse: "5分前", "26時間前", "3日前" / "5 min ago", "26 h ago", "3 days ago". */
export function formatAge(ms: number, t: T): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return t("age.minutes", { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t("age.hours", { n: hours });
  return t("age.days", { n: Math.floor(hours / 24) });
}
