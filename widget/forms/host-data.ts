import type { FormProps } from "../contract.ts";
import type { ShownForm } from "./form.tsx";
import { pickLang } from "./lang.ts";

/**
 * Adds what the marked element says beyond its kind: the form's language, the download dialog's title (data-hikiai-
 * title, else the link's text) and hidden fields from data-hidden-* (data-hidden-plan="pro" →
 * hidden.plan), e.g. the product or plan the visitor is looking at.
 */
export function withHostData(form: FormProps, scriptLang: string | undefined): ShownForm {
  const { host } = form;
  const data: DOMStringMap = host instanceof HTMLElement ? host.dataset : {};
  const hidden: Record<string, string> = { ...form.hidden };
  for (const key in data) {
    if (key.length > 6 && key.startsWith("hidden")) hidden[key[6]!.toLowerCase() + key.slice(7)] = data[key]!;
  }
  return {
    ...form,
    lang: pickLang(data.lang, scriptLang, document.documentElement.lang, navigator.language),
    title:
      form.title ?? (data.hikiaiTitle || (host instanceof HTMLAnchorElement && host.textContent?.trim()) || undefined),
    hidden: Object.keys(hidden).length ? hidden : undefined,
  };
}
