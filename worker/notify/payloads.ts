// The JSON bodies of webhook events, in the Standard Webhooks envelope {type, timestamp, data}.
// Inquiry and lead events are built when the consumer dispatches them (then stored, so every
// retry sends the same bytes); digests, reminders and tests are built by whoever creates them.
import type { EarlierDownload, Subject } from "../db/notification-subjects.ts";
import type { NotificationEvent, NotificationRow } from "../db/notifications.ts";
import { presentInquiryEvent, presentLeadEvent } from "../present/records.ts";

/** What every webhook receives. */
export interface EventEnvelope<D = unknown> {
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
export const envelope = <D>(type: NotificationEvent, at: number, data: D): EventEnvelope<D> => ({
  type,
  timestamp: iso(at),
  data,
});

const downloadsOf = (downloads: EarlierDownload[]) =>
  downloads.map((d) => ({ resourceId: d.resourceId, at: iso(d.firstSeenAt), downloads: d.downloadCount }));

/** The member a new inquiry is assigned to (by a routing rule, before its event was built): Slack mentions them. */
export interface AssignedTo {
  email: string;
  name: string | null;
  slackUserId: string | null;
}

/** What an `inquiry.created` event carries. */
export interface InquiryCreatedData {
  site: SiteRef;
  inquiry: ReturnType<typeof presentInquiryEvent>;
  earlierDownloads: ReturnType<typeof downloadsOf>;
  assignedTo: AssignedTo | null;
}

/** What a `lead.created` event carries. */
export interface LeadCreatedData {
  site: SiteRef;
  lead: ReturnType<typeof presentLeadEvent>;
  earlierDownloads: ReturnType<typeof downloadsOf>;
}

/**
 * The payload of an inquiry.created or lead.created notification from its subject (read by the
 * consumer with db/notification-subjects.ts); null when the record is gone (erased). The record
 * is presented as the team API presents it (present/records.ts).
 */
export function buildRecordPayload(
  n: NotificationRow,
  subject: Subject | null,
  assignee: AssignedTo | null = null,
): EventEnvelope<InquiryCreatedData | LeadCreatedData> | null {
  if (!subject) return null;
  const site: SiteRef = { id: n.site_id, name: n.site_name };
  const earlierDownloads = downloadsOf(subject.downloads);
  // Every record event: the site, the record, the contact's earlier downloads, then what is particular to it.
  if (subject.event === "inquiry.created") {
    const data: InquiryCreatedData = {
      site,
      inquiry: presentInquiryEvent(subject.inquiry),
      earlierDownloads,
      assignedTo: assignee,
    };
    return envelope(n.event, n.created_at, data);
  }
  const data: LeadCreatedData = { site, lead: presentLeadEvent(subject.lead), earlierDownloads };
  return envelope(n.event, n.created_at, data);
}

/** The sample a `POST /v1/webhooks/{id}/test` sends. */
export function testPayload(site: SiteRef, now: number): EventEnvelope {
  return envelope("webhook.test", now, {
    site,
    message: "This is a test notification from hikiai. Your endpoint received and can verify it.",
  });
}
