// The queue consumer: dispatch outbox rows into deliveries, send each pending one, log every
// attempt, and leave retries with backoff to the queue. The dead-letter queue's consumer marks
// what is still pending as failed.
import { type LocalTargets, parseLocalTargets } from "../../shared/webhooks.ts";
import {
  attemptStatements,
  failPendingDeliveries,
  type PendingDelivery,
  selectPendingDeliveries,
} from "../db/deliveries.ts";
import { databaseFor, directoryDatabase } from "../db/handle.ts";
import { type SubjectRow, selectSubject, subjectFrom } from "../db/notification-subjects.ts";
import { dispatchStatements, markDispatched, type NotificationRow, selectNotification } from "../db/notifications.ts";
import { routingReads } from "../db/routing-rules.ts";
import type { Env } from "../env.ts";
import { autoReplyGaveUp, mailForNotification } from "../mail/autoreply.ts";
import { routeNewInquiries } from "../routing/apply.ts";
import { assigneeKey, assigneesOf, mailTeam } from "../routing/team-mail.ts";
import type { NotifyMessage } from "./enqueue.ts";
import { buildRecordPayload, type EventEnvelope } from "./payloads.ts";
import { retryDelay } from "./retry.ts";
import { attemptDelivery } from "./send.ts";

/** Queue names as in wrangler.toml. */
export const NOTIFY_QUEUE = "hikiai-notifications";
export const NOTIFY_DLQ = "hikiai-notifications-dlq";

/** The Worker's `queue` handler for both queues. */
export async function handleQueue(batch: MessageBatch<NotifyMessage>, env: Env): Promise<void> {
  if (batch.queue.startsWith(NOTIFY_DLQ)) {
    for (const message of batch.messages) {
      const { notificationId, deliveryId, siteId } = message.body;
      await failPendingDeliveries(databaseOf(env, siteId), notificationId, deliveryId ?? null, Date.now());
      if (!deliveryId) await autoReplyGaveUp(env, siteId, notificationId);
      message.ack();
    }
    return;
  }
  // A batch may hold several sites' messages: each database's share is delivered as one batch.
  const byDatabase = new Map<D1Database, Message<NotifyMessage>[]>();
  for (const message of batch.messages) {
    const db = databaseOf(env, message.body.siteId);
    byDatabase.set(db, [...(byDatabase.get(db) ?? []), message]);
  }
  for (const [db, messages] of byDatabase) {
    try {
      const allSent = await deliverBatch(
        env,
        db,
        directoryDatabase(env),
        messages.map((m) => m.body),
        parseLocalTargets(env.WEBHOOK_LOCAL_TARGETS),
      );
      messages.forEach((message, i) => {
        if (allSent[i]) message.ack();
        else message.retry({ delaySeconds: retryDelay(message.attempts, env.NOTIFY_RETRY_DELAYS) });
      });
    } catch (err) {
      // A D1 hiccup or a bug: retried like a failed send, so nothing is dropped silently.
      console.error("notification consumer", err);
      for (const message of messages) {
        message.retry({ delaySeconds: retryDelay(message.attempts, env.NOTIFY_RETRY_DELAYS) });
      }
    }
  }
}

/** A message's database: its site's; a message without a site (sent before messages named one) is in `DB`, as every site was then. */
function databaseOf(env: Env, siteId: string | undefined): D1Database {
  return databaseFor(env, siteId ?? "");
}

// Every read of one message: its notification, its pending deliveries, its subject (4), its
// site's routing rules.
const READS_PER_MESSAGE = 7;

/**
 * Sends what is pending of each message's notification; per message, true when nothing is left
 * to retry. The whole batch costs three D1 round trips: read (notifications with their subjects),
 * dispatch (and list what to send), log the attempts; a fourth when routing rules assign new
 * inquiries (before the payloads are built, so they name the assignee). Fewer round trips per
 * notification keep the consumer's load on D1, which the collect path writes to, small.
 */
async function deliverBatch(
  env: Env,
  db: D1Database,
  directory: D1Database,
  messages: NotifyMessage[],
  localTargets: LocalTargets,
): Promise<boolean[]> {
  const pendingOf = (m: NotifyMessage) => selectPendingDeliveries(db, m.notificationId, m.deliveryId ?? null);
  const reads = await db.batch(
    messages.flatMap((m) => [
      selectNotification(db, m.notificationId),
      pendingOf(m),
      ...selectSubject(db, m.notificationId),
      routingReads(db, m.notificationId),
    ]),
  );
  const now = Date.now();
  const read = messages.map((_, i) => {
    const [found, pending, ...rest] = reads.slice(i * READS_PER_MESSAGE, (i + 1) * READS_PER_MESSAGE);
    const n = found?.results[0] as NotificationRow | undefined;
    return { n, pending, subject: subjectFrom(rest.slice(0, 4)), rules: rest[4] };
  });
  await routeNewInquiries(
    db,
    directory,
    read.map((r) => ({ n: r.n, subject: r.subject?.row, rules: r.rules })),
    now,
  );
  // Who the new inquiries are assigned to, as members: the payload's Slack mention, the team mail.
  const newInquiries = read.flatMap(({ n, subject }, i) =>
    n?.event === "inquiry.created" && subject ? [{ i, n, row: subject.row }] : [],
  );
  const members = await assigneesOf(
    directory,
    newInquiries.flatMap(({ n, row }) => (row.assignee ? [{ siteId: n.site_id, email: row.assignee as string }] : [])),
  );
  const assigneeOf = (n: NotificationRow, row: SubjectRow) =>
    row.assignee ? members.get(assigneeKey(n.site_id, row.assignee as string)) : undefined;
  const work = read.map(({ n, pending, subject }, i) => {
    const m = messages[i]!;
    let payload = n?.payload ?? null;
    let writes: D1PreparedStatement[] = [];
    if (n && n.dispatched_at === null) {
      const assignee = subject && assigneeOf(n, subject.row);
      payload ??= JSON.stringify(
        buildRecordPayload(
          n,
          subject,
          assignee ? { email: assignee.email, name: assignee.name, slackUserId: assignee.slackUserId } : null,
        ),
      );
      if (payload === "null") {
        payload = null; // the inquiry or lead is gone (erased): nothing to send
        writes = [markDispatched(db, n.id, now)];
      } else {
        writes = [...dispatchStatements(db, n, payload, now), pendingOf(m)];
      }
    }
    return { n, payload, pending, writes };
  });

  const dispatchWrites = work.flatMap((w) => w.writes);
  if (dispatchWrites.length > 0) {
    const results = await db.batch(dispatchWrites);
    let at = 0;
    for (const w of work) {
      at += w.writes.length;
      if (w.writes.length === 3) w.pending = results[at - 1]; // the pending list read after dispatch
    }
  }

  // The visitor's auto-reply rides the same notification, alongside the webhooks (mail/autoreply.ts);
  // a redelivery of one webhook delivery (deliveryId) is not about it.
  const mailing = Promise.all(
    work.map(({ n, payload }, i) => (messages[i]?.deliveryId ? true : mailForNotification(env, n, payload))),
  );
  // Each message on its own: whatever goes wrong with one (a payload that does not parse, a
  // delivery gone meanwhile) retries that message only, never the others' delivered sends.
  const sent = await Promise.all(
    work.map(async ({ n, payload, pending }) => {
      if (!n || !payload) return [];
      try {
        const event = JSON.parse(payload) as EventEnvelope;
        const targets = (pending?.results ?? []) as PendingDelivery[];
        return await Promise.all(targets.map((d) => attemptDelivery(d, event, payload, n.language, localTargets)));
      } catch (err) {
        console.error("notification", n.id, err);
        return null;
      }
    }),
  );
  const logWrites = attemptStatements(
    db,
    sent.flatMap((attempts) => attempts ?? []),
  );
  if (logWrites.length > 0) await db.batch(logWrites);
  const mailed = await mailing;
  // Team mail: once per inquiry (sendMail's log), so a redelivered message finds it sent; a mail
  // that must be tried again retries its message like a failed delivery.
  const teamMailed = new Map<number, boolean>();
  await Promise.all(
    newInquiries.map(async ({ i, n, row }) => {
      teamMailed.set(i, (await mailTeam(env, n, row, assigneeOf(n, row))) !== "retry");
    }),
  );
  return sent.map(
    (attempts, i) => attempts?.every((a) => a.ok) === true && mailed[i] === true && teamMailed.get(i) !== false,
  );
}
