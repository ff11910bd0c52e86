import type { FormProps, Lang } from "../contract.ts";
import { pickLang } from "./lang.ts";

/**
 * Adds what the marked element says beyond its kind: the form's language, the download dialog's title (data-hikiai-
 * title, else the link's text) and hidden fields from data-hidden-* (data-hidden-plan="pro" →
 * hidden.plan), e.g. the product or plan the visitor is looking at.
 */
export function withHostData(p: FormProps, scriptLang: string | undefined): FormProps & { lang: Lang } {
  const page = document.documentElement.lang;
  if (!(p.host instanceof HTMLElement))
    return { ...p, lang: pickLang(undefined, scriptLang, page, navigator.language) };
  const data = p.host.dataset;
  const hidden: Record<string, string> = { ...p.hidden };
  for (const key in data) {
    if (key.length > 6 && key.startsWith("hidden")) hidden[key[6]!.toLowerCase() + key.slice(7)] = data[key]!;
  }
  return {
    ...p,
    lang: pickLang(data.lang, scriptLang, page, navigator.language),
    title:
      p.title ?? (data.hikiaiTitle || (p.host instanceof HTMLAnchorElement && p.host.textContent?.trim()) || undefined),
    hidden: Object.keys(hidden).length ? hidden : undefined,
  };
}
