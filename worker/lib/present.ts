// Rows from worker/db → the team API's JSON (and the CSV columns). Times become ISO 8601 (UTC).
import type { InquiryRow } from "../db/inquiry-list.ts";

/** Epoch ms → ISO 8601 in UTC; null stays null. */
export const isoTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

interface ContextColumns {
  pageUrl: string;
  referrer: string | null;
  locale: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
}

/** Where the visitor was: page, referrer, locale, UTM. */
export function presentContext(row: ContextColumns) {
  return {
    pageUrl: row.pageUrl,
    referrer: row.referrer,
    locale: row.locale,
    utm: {
      source: row.utmSource,
      medium: row.utmMedium,
      campaign: row.utmCampaign,
      term: row.utmTerm,
      content: row.utmContent,
    },
  };
}

/** An inquiry with its follow-up fields, context and contact. */
export function presentInquiry(row: InquiryRow) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    message: row.message,
    preferredTime: row.preferredTime,
    assignee: row.assignee,
    note: row.note,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
    firstResponseAt: isoTime(row.firstResponseAt),
    context: presentContext(row),
    contact: row.contact,
  };
}
