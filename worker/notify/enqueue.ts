import type { Env } from "../env.ts";

import type { NotificationMessage, NotifyMessage } from "./message.ts";

export type { NotificationMessage, NotifyMessage };

/**
 * Sends a committed outbox row to the queue. Failures are logged, never thrown: the row stays
 * undispatched and the cron sweep sends it again.
 */
export async function enqueueNotification(env: Env, message: NotificationMessage): Promise<void> {
  try {
    await env.NOTIFY_QUEUE.send(message, { contentType: "json" });
  } catch (err) {
    console.error("enqueue notification (the sweep will retry)", message.notificationId, err);
  }
}

/**
 * How long a new inquiry's message waits in this isolate for others to share its queue send.
 * Short beside the queue's own batch window (wrangler.toml `max_batch_timeout`, 1 s), so the
 * notification still leaves within seconds; a busy site sends one batch instead of a message per
 * submission.
 */
const SEND_WINDOW_MS = 20;
/** Queues take at most 100 messages per sendBatch. */
const MAX_BATCH = 100;
const waiting: NotificationMessage[] = [];
let sending = false;

/**
 * Enqueues a committed outbox row from the collect path, batched with the other messages of this
 * isolate's next few milliseconds: the first request's `schedule` (its waitUntil) carries the
 * send, the others only add their message. A send that fails, or an isolate that goes away before
 * it, loses nothing: the rows stay undispatched and the cron sweep sends them again.
 */
export function enqueueSoon(env: Env, message: NotificationMessage, schedule: (work: Promise<unknown>) => void): void {
  waiting.push(message);
  if (sending) return;
  sending = true;
  const windowMs = Number(env.NOTIFY_SEND_WINDOW_MS) || SEND_WINDOW_MS;
  schedule(new Promise((resolve) => setTimeout(resolve, windowMs)).then(() => sendWaiting(env)));
}

async function sendWaiting(env: Env) {
  sending = false;
  while (waiting.length) {
    const batch = waiting.splice(0, MAX_BATCH);
    try {
      await env.NOTIFY_QUEUE.sendBatch(batch.map((body) => ({ body, contentType: "json" as const })));
    } catch (err) {
      console.error("enqueue notifications (the sweep will retry)", batch.map((m) => m.notificationId).join(" "), err);
    }
  }
}
