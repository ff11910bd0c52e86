// Stall reminders: an inquiry still `new` after the site's threshold in business minutes gets one
// reminder (the notifications_once index makes a second one impossible, even from a rerun).
import { type NotifiedSite, waitingInquiries } from "../db/notification-subjects.ts";
import { insertNotification } from "../db/notifications.ts";
import { businessMinutesBetween } from "./business-hours.ts";
import { envelope, type SiteRef } from "./payloads.ts";

/** What an `inquiry.stalled` event carries. */
export interface StalledData {
  site: SiteRef;
  inquiry: {
    id: string;
    kind: string;
    message: string;
    createdAt: string;
    contact: { email: string; name: string | null; company: string | null };
  };
  waitingBusinessMinutes: number;
  thresholdBusinessMinutes: number;
}

/** Older inquiries get no reminder: a site adding its first webhook is not flooded with old ones. */
export const STALL_LOOKBACK_MS = 7 * 86_400_000;

/** Creates the reminders due for one site at `now`; returns their notification ids. */
export async function createStallReminders(db: D1Database, site: NotifiedSite, now: number): Promise<string[]> {
  const threshold = site.stall_after_minutes;
  // Business time never runs faster than wall time: only inquiries older than the threshold can be due.
  // (+1: the range's end is exclusive, and an inquiry exactly `threshold` old is due.)
  const candidates = await waitingInquiries(db, site.id, now - STALL_LOOKBACK_MS, now - threshold * 60_000 + 1, {
    withoutReminder: true,
  });
  const created: string[] = [];
  for (const i of candidates) {
    const waited = businessMinutesBetween(site.time_zone, i.createdAt, now);
    if (waited < threshold) continue;
    const data: StalledData = {
      site: { id: site.id, name: site.name },
      inquiry: {
        id: i.id,
        kind: i.kind,
        message: i.message,
        createdAt: new Date(i.createdAt).toISOString(),
        contact: i.contact,
      },
      waitingBusinessMinutes: waited,
      thresholdBusinessMinutes: threshold,
    };
    const id = await insertNotification(
      db,
      { siteId: site.id, event: "inquiry.stalled", subjectId: i.id },
      JSON.stringify(envelope("inquiry.stalled", now, data)),
      now,
    );
    if (id) created.push(id);
  }
  return created;
}
