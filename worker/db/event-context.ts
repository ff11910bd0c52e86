import type { LeadSubmission } from "../../shared/schemas.ts";

/** Columns every lead and inquiry carries about where the visitor was. */
export const CONTEXT_COLUMNS =
  "page_url, referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content, locale";
export const CONTEXT_PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?";

/** Values for CONTEXT_COLUMNS, in order; absent values become NULL. */
export function contextValues({ pageUrl, referrer, locale, utm }: LeadSubmission["context"]) {
  return [
    pageUrl,
    referrer || null,
    utm?.source || null,
    utm?.medium || null,
    utm?.campaign || null,
    utm?.term || null,
    utm?.content || null,
    locale || null,
  ];
}
