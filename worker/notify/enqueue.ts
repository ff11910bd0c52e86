import type { Env } from "../env.ts";

/** A queue message: dispatch and send a notification (only `deliveryId` when given: a redelivery). */
export interface NotifyMessage {
  notificationId: string;
  deliveryId?: string;
}

/**
 * Sends a committed outbox row to the queue. Failures are logged, never thrown: the row stays
 * undispatched and the cron sweep sends it again.
 */
export async function enqueueNotification(env: Env, message: NotifyMessage): Promise<void> {
  try {
    await env.NOTIFY_QUEUE.send(message, { contentType: "json" });
  } catch (err) {
    console.error("enqueue notification (the sweep will retry)", message.notificationId, err);
  }
}
