// The JSON bodies of webhook events, in the Standard Webhooks envelope {type, timestamp, data}.
// Inquiry and lead events are built when the consumer dispatches them (then stored, so every
// retry sends the same bytes); digests, reminders and tests are built by whoever creates them.
import type { EarlierDownload, SubjectRow } from "../db/notification-subjects.ts";
import type { NotificationEvent, NotificationRow } from "../db/notifications.ts";
import { presentContext } from "../present/records.ts";

/** What every webhook receives. */
export interface EventEnvelope<D = Record<string, unknown>> {
  type: NotificationEvent;
  timestamp: string;
  data: D;
}

export interface SiteRef {
  id: string;
  name: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The envelope of one event. */
export const envelope = (type: NotificationEvent, at: number, data: Record<string, unknown>): EventEnvelope => ({
  type,
  timestamp: iso(at),
  data,
});

const contactOf = (row: SubjectRow) => ({
  id: row.contact_id as string,
  email: row.contact_email as string,
  name: (row.contact_name as string | null) ?? null,
  company: (row.contact_company as string | null) ?? null,
  // An address proven by an earlier mailed download link; a lead's own link is opened later.
  verifiedAt: typeof row.contact_verified_at === "number" ? iso(row.contact_verified_at) : null,
});

/** The context columns of a raw inquiry or lead row, as the team API presents them. */
const contextOf = (row: SubjectRow) => {
  const text = (column: string) => (row[column] as string | null) ?? null;
  const json = (column: string) => {
    const value = text(column);
    return value === null ? null : JSON.parse(value);
  };
  return presentContext({
    pageUrl: row.page_url as string,
    referrer: text("referrer"),
    locale: text("locale"),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
    utmTerm: text("utm_term"),
    utmContent: text("utm_content"),
    // JSON text columns (raw SQL rows are not decoded by Drizzle).
    firstTouch: json("first_touch"),
    lastTouch: json("last_touch"),
    hidden: json("hidden"),
  });
};

const downloadsOf = (downloads: EarlierDownload[]) =>
  downloads.map((d) => ({ resourceId: d.resource_id, at: iso(d.first_seen_at), downloads: d.download_count }));

/**
 * The payload of an inquiry.created or lead.created notification from its subject (read by the
 * consumer with db/notification-subjects.ts); null when the record is gone (erased).
 */
export function buildRecordPayload(
  n: NotificationRow,
  subject: { row: SubjectRow; downloads: EarlierDownload[] } | null,
  assignee: { email: string; name: string | null; slackUserId: string | null } | null = null,
): EventEnvelope | null {
  if (!subject) return null;
  const site: SiteRef = { id: n.site_id, name: n.site_name };
  const { row } = subject;
  const earlierDownloads = downloadsOf(subject.downloads);
  const context = contextOf(row);
  const contact = contactOf(row);
  // Every record event: the site, the record, the contact's earlier downloads, then what is particular to it.
  const data = (record: Record<string, unknown>, more: Record<string, unknown> = {}) =>
    envelope(n.event, n.created_at, { site, ...record, earlierDownloads, ...more });
  if (n.event === "inquiry.created") {
    const inquiry = {
      id: row.id,
      kind: row.kind,
      status: row.status,
      message: row.message,
      preferredTime: row.preferred_time ?? null,
      createdAt: iso(row.created_at as number),
      context,
      contact,
      assignee: (row.assignee as string | null) ?? null,
    };
    // The member it is assigned to (by a routing rule, before this was built): Slack mentions them.
    return data({ inquiry }, { assignedTo: assignee });
  }
  if (n.event === "lead.created") {
    const lead = {
      id: row.id,
      resourceId: row.resource_id,
      createdAt: iso(row.first_seen_at as number),
      context,
      contact,
    };
    return data({ lead });
  }
  return null;
}

/** The sample a `POST /v1/webhooks/{id}/test` sends. */
export function testPayload(site: SiteRef, now: number): EventEnvelope {
  return envelope("webhook.test", now, {
    site,
    message: "This is a test notification from hikiai. Your endpoint received and can verify it.",
  });
}
