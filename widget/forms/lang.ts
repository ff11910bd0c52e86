import type { Lang } from "../contract.ts";

/**
 * The form language: `data-lang` on the element, then on the script tag, decide outright; then
 * the page's `lang`, then the browser's language, count only when they say Japanese.
 * @example pickLang(undefined, undefined, "ja-JP", "en-US") // "ja"
 */
export function pickLang(
  elementLang: string | null | undefined,
  scriptLang: string | null | undefined,
  documentLang: string | null | undefined,
  browserLang: string | null | undefined,
): Lang {
  const explicit = elementLang || scriptLang;
  const isJa = (l: string | null | undefined) => !!l && l.toLowerCase().startsWith("ja");
  if (explicit) return isJa(explicit) ? "ja" : "en";
  return isJa(documentLang) || isJa(browserLang) ? "ja" : "en";
}
