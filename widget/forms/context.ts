import { LIMITS } from "../../shared/limits.ts";
import type { LeadSubmission } from "../../shared/schemas.ts";
import { utmOf } from "../utm.ts";

export type PageContext = LeadSubmission["context"];

/**
 * Where the visitor is, clipped to the schema's limits so that a long ad-click URL can never
 * make a valid form fail validation on a field the visitor cannot see or fix.
 * @example pageContext("https://a.jp/?utm_source=x", "", "ja").utm // { source: "x" }
 */
export function pageContext(href: string, referrer: string, locale: string | undefined): PageContext {
  const url = new URL(href);
  return {
    // Too long usually means tracking junk in the query; the path still says which page it was.
    pageUrl: href.length > LIMITS.url ? (url.origin + url.pathname).slice(0, LIMITS.url) : href,
    referrer: referrer ? referrer.slice(0, LIMITS.url) : undefined,
    locale: locale ? locale.slice(0, LIMITS.locale) : undefined,
    utm: utmOf(url),
  };
}
