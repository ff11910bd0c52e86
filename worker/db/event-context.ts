import type { LeadSubmission } from "../../shared/schemas.ts";

/** Columns every lead and inquiry carries about where the visitor was (and what they looked at). */
export const CONTEXT_COLUMNS =
  "page_url, referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content, locale, first_touch, last_touch, hidden";

/** How many values CONTEXT_COLUMNS takes. */
export const CONTEXT_COUNT = 11;

/** Where utm_campaign is among contextValues() (0-based). */
export const CONTEXT_CAMPAIGN = 4;

/** Numbered placeholders for CONTEXT_COLUMNS, from ?first on. */
export const contextPlaceholders = (first: number) =>
  Array.from({ length: CONTEXT_COUNT }, (_, i) => `?${first + i}`).join(", ");

const json = (value: object | undefined) => (value ? JSON.stringify(value) : null);

/** Values for CONTEXT_COLUMNS, in order; absent values become NULL. */
export function contextValues({ context, hidden }: Pick<LeadSubmission, "context" | "hidden">) {
  const { pageUrl, referrer, locale, utm, attribution } = context;
  return [
    pageUrl,
    referrer || null,
    utm?.source || null,
    utm?.medium || null,
    utm?.campaign || null,
    utm?.term || null,
    utm?.content || null,
    locale || null,
    json(attribution?.first),
    json(attribution?.last),
    json(hidden),
  ];
}
