import type { LeadSubmission } from "../../shared/schemas.ts";
import type { CollectParams } from "./collect-sql.ts";

const json = (value: object | undefined) => (value ? JSON.stringify(value) : null);

/** Where the visitor was (and what they looked at), as every lead and inquiry stores it; absent values are NULL. */
export function contextParams({ context, hidden }: Pick<LeadSubmission, "context" | "hidden">) {
  const { pageUrl, referrer, locale, utm, attribution } = context;
  return {
    pageUrl,
    referrer: referrer || null,
    utmSource: utm?.source || null,
    utmMedium: utm?.medium || null,
    utmCampaign: utm?.campaign || null,
    utmTerm: utm?.term || null,
    utmContent: utm?.content || null,
    locale: locale || null,
    firstTouch: json(attribution?.first),
    lastTouch: json(attribution?.last),
    hidden: json(hidden),
  } satisfies Partial<CollectParams>;
}
