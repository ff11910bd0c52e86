// What the notification cron does on every run (every 5 minutes): re-send lost outbox rows,
// then each site's due digest and stall reminders, each sent to the queue once created, and the
// digest by mail where the site wants it, and the summary of team mail held back by its hourly cap.
import { allDatabases } from "../db/handle.ts";
import { type NotifiedSite, notifiedSites } from "../db/notification-subjects.ts";
import { claimLostNotifications } from "../db/notifications.ts";
import type { Env } from "../env.ts";
import { mailHeldTeamMail } from "../routing/held-team-mail.ts";
import { createDigest, dueDigestDate } from "./digest.ts";
import { mailDigest } from "./digest-mail.ts";
import { enqueueNotification, type NotificationMessage } from "./enqueue.ts";
import { createStallReminders } from "./stall.ts";

/** The cron expression of this job in wrangler.toml. */
export const NOTIFY_CRON = "*/5 * * * *";
/** An outbox row is "lost" when the consumer has not dispatched it this long after it was written. */
export const SWEEP_GRACE_MS = 2 * 60_000;
const SWEEP_BATCH = 100;

/**
 * The digest by mail of a site during its digest hour (each run sends what is not sent yet). A
 * failure is logged, not thrown: the other sites' digests and reminders still go out.
 */
async function mailDigestOf(env: Env, db: D1Database, site: NotifiedSite, now: number) {
  const date = site.digest_mail === "off" ? null : dueDigestDate(site.time_zone, now);
  if (!date) return;
  try {
    await mailDigest(env, db, site, date);
  } catch (err) {
    console.error("digest by mail", site.id, err);
  }
}

/** One run of the notification cron at `now`. */
export async function runNotificationCron(env: Env, now: number): Promise<void> {
  const messages: NotificationMessage[] = [];
  // Each database holds its own sites' outbox rows and webhooks (db/handle.ts).
  for (const db of allDatabases(env)) {
    messages.push(...(await claimLostNotifications(db, now, SWEEP_GRACE_MS, SWEEP_BATCH)));
    for (const site of await notifiedSites(db)) {
      const created: string[] = [];
      const digest = await createDigest(db, site, now);
      if (digest) created.push(digest);
      if (site.has_webhook) created.push(...(await createStallReminders(db, site, now)));
      messages.push(...created.map((notificationId) => ({ notificationId, siteId: site.id })));
      await mailDigestOf(env, db, site, now);
    }
    // A failure is logged, not thrown: the summaries not sent are tried again on the next run.
    await mailHeldTeamMail(env, db, now).catch((err) => console.error("held team mail", err));
  }
  await Promise.all(messages.map((message) => enqueueNotification(env, message)));
}
