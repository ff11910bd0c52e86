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

/** Reads CONTEXT_COLUMNS back into the API's shape. */
export function contextFromRow(row: Record<string, unknown>) {
  const utm = {
    source: row.utm_source,
    medium: row.utm_medium,
    campaign: row.utm_campaign,
    term: row.utm_term,
    content: row.utm_content,
  };
  return { pageUrl: row.page_url, referrer: row.referrer, locale: row.locale, utm } as {
    pageUrl: string;
    referrer: string | null;
    locale: string | null;
    utm: Record<keyof typeof utm, string | null>;
  };
}
