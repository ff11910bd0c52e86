// What the notification cron does on every run (every 5 minutes): re-send lost outbox rows,
// then each site's due digest and stall reminders, each sent to the queue once created.
import { notifiedSites } from "../db/notification-subjects.ts";
import { claimLostNotifications } from "../db/notifications.ts";
import type { Env } from "../env.ts";
import { createDigest } from "./digest.ts";
import { enqueueNotification } from "./enqueue.ts";
import { createStallReminders } from "./stall.ts";

/** The cron expression of this job in wrangler.toml. */
export const NOTIFY_CRON = "*/5 * * * *";
/** An outbox row is "lost" when the consumer has not dispatched it this long after it was written. */
export const SWEEP_GRACE_MS = 2 * 60_000;
const SWEEP_BATCH = 100;

/** One run of the notification cron at `now`. */
export async function runNotificationCron(env: Env, now: number): Promise<void> {
  const lost = await claimLostNotifications(env.DB, now, SWEEP_GRACE_MS, SWEEP_BATCH);
  const created: string[] = [];
  for (const site of await notifiedSites(env.DB)) {
    const digest = await createDigest(env.DB, site, now);
    if (digest) created.push(digest);
    created.push(...(await createStallReminders(env.DB, site, now)));
  }
  await Promise.all([...lost, ...created].map((notificationId) => enqueueNotification(env, { notificationId })));
}
