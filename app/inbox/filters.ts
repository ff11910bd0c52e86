// The inbox's filters: kept in the URL's query (shareable, Back works), turned into the team
// API's query here. Dates in the URL are the site's local days (YYYY-MM-DD, `to` inclusive).
import { addDays, type LocalDate, startOfLocalDay } from "../../worker/lib/zoned-time.ts";
import type { QueryValue } from "../lib/api.ts";
import type { Query } from "../lib/router.ts";

/** The status chips; "new" (unanswered) is what a team opens the inbox for. */
export const STATUS_CHIPS = ["new", "contacted", "all"] as const;
export const DEFAULT_STATUS = "new";

/** The URL parameters that filter the list (`open` and `site` are not filters). */
export const FILTER_KEYS = ["status", "kind", "from", "to", "utm_source", "utm_campaign", "q", "mine"] as const;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function localDate(value: string | undefined): LocalDate | undefined {
  const m = value ? DAY.exec(value) : null;
  return m ? { year: +m[1]!, month: +m[2]!, day: +m[3]! } : undefined;
}

/** The status the URL selects ("all": any). */
export const statusOf = (query: Query) => query.status ?? DEFAULT_STATUS;

/** Whether any filter beyond the status is set. */
export const hasFilters = (query: Query) => FILTER_KEYS.some((key) => key !== "status" && query[key]);

/** GET /v1/inquiries's query for the URL's filters, dates as instants of the site's local days. */
export function listQuery(query: Query, timeZone: string, myEmail: string): Record<string, QueryValue> {
  const status = statusOf(query);
  const from = localDate(query.from);
  const to = localDate(query.to);
  return {
    status: status === "all" ? undefined : status,
    kind: query.kind,
    from: from && new Date(startOfLocalDay(timeZone, from)).toISOString(),
    // The URL's `to` is the last day shown; the API's is exclusive: the next day's start.
    to: to && new Date(startOfLocalDay(timeZone, addDays(to, 1))).toISOString(),
    utm_source: query.utm_source,
    utm_campaign: query.utm_campaign,
    q: query.q,
    assignee: query.mine ? myEmail : undefined,
    limit: 50,
  };
}
