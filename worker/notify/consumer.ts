// The queue consumer: dispatch outbox rows into deliveries, send each pending one, log every
// attempt, and leave retries with backoff to the queue. The dead-letter queue's consumer marks
// what is still pending as failed.
import { type LocalTargets, parseLocalTargets } from "../../shared/webhooks.ts";
import {
  type BatchRead,
  nothingRead,
  readsTogether,
  rowRead,
  rowsRead,
  runBatch,
  writesThen,
} from "../db/batch-read.ts";
import {
  attemptStatements,
  failPendingDeliveries,
  type PendingDelivery,
  selectPendingDeliveries,
} from "../db/deliveries.ts";
import { databaseFor, directoryDatabase } from "../db/handle.ts";
import { failWaitingStatement } from "../db/mail-log.ts";
import { type InquirySubjectRow, subjectRead } from "../db/notification-subjects.ts";
import { dispatchStatements, markDispatched, type NotificationRow, selectNotification } from "../db/notifications.ts";
import { routingRead } from "../db/routing-rules.ts";
import type { Env } from "../env.ts";
import { autoReplyGaveUp, mailForNotification } from "../mail/autoreply.ts";
import { mailLinkAgain } from "../mail/link-again.ts";
import { routeNewInquiries } from "../routing/apply.ts";
import { assigneeKey, assigneesOf, mailTeam } from "../routing/team-mail.ts";
import { isLinkAgain, type NotificationMessage, type NotifyMessage } from "./message.ts";
import { buildRecordPayload, type EventEnvelope } from "./payloads.ts";
import { retryDelay } from "./retry.ts";
import { attemptDelivery } from "./send.ts";

/** Queue names as in wrangler.toml. */
export const NOTIFY_QUEUE = "hikiai-notifications";
export const NOTIFY_DLQ = "hikiai-notifications-dlq";

/** The Worker's `queue` handler for both queues. */
export async function handleQueue(batch: MessageBatch<NotifyMessage>, env: Env): Promise<void> {
  const linksAgain = batch.messages.filter(isLinkAgain);
  const notifications = batch.messages.filter((m): m is Message<NotificationMessage> => !isLinkAgain(m));
  if (batch.queue.startsWith(NOTIFY_DLQ)) {
    for (const message of linksAgain) {
      const { siteId, linkAgain } = message.body;
      await failWaitingStatement(databaseOf(env, siteId), "download_link", linkAgain.key, Date.now()).run();
      message.ack();
    }
    for (const message of notifications) {
      const { notificationId, deliveryId, siteId } = message.body;
      await failPendingDeliveries(databaseOf(env, siteId), notificationId, deliveryId ?? null, Date.now());
      if (!deliveryId) await autoReplyGaveUp(env, siteId, notificationId);
      message.ack();
    }
    return;
  }
  const retryLater = (message: Message<NotifyMessage>) =>
    message.retry({ delaySeconds: retryDelay(message.attempts, env.NOTIFY_RETRY_DELAYS) });
  // A link mailed again is no notification: each on its own, retried while the mail says so.
  await Promise.all(
    linksAgain.map(async (message) => {
      const { linkAgain, siteId } = message.body;
      try {
        const outcome = await mailLinkAgain(env, siteId, linkAgain.leadId, linkAgain.key);
        if (outcome === "retry") retryLater(message);
        else message.ack();
      } catch (err) {
        console.error("link mail again", linkAgain.key, err);
        retryLater(message);
      }
    }),
  );
  // A batch may hold several sites' messages: each database's share is delivered as one batch.
  const byDatabase = new Map<D1Database, Message<NotificationMessage>[]>();
  for (const message of notifications) {
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
        else retryLater(message);
      });
    } catch (err) {
      // A D1 hiccup or a bug: retried like a failed send, so nothing is dropped silently.
      console.error("notification consumer", err);
      for (const message of messages) retryLater(message);
    }
  }
}

/** A message's database: its site's; a message without a site (sent before messages named one) is in `DB`, as every site was then. */
function databaseOf(env: Env, siteId: string | undefined): D1Database {
  return databaseFor(env, siteId ?? "");
}

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
  messages: NotificationMessage[],
  localTargets: LocalTargets,
): Promise<boolean[]> {
  const pendingOf = (m: NotificationMessage) =>
    rowsRead<PendingDelivery>(selectPendingDeliveries(db, m.notificationId, m.deliveryId ?? null));
  // Every read of one message: its notification, its pending deliveries, its subject, its site's routing rules.
  const read = await runBatch(
    db,
    messages.map((m) =>
      readsTogether({
        n: rowRead<NotificationRow>(selectNotification(db, m.notificationId)),
        pending: pendingOf(m),
        subject: subjectRead(db, m.notificationId),
        rules: routingRead(db, m.notificationId),
      }),
    ),
  );
  const now = Date.now();
  await routeNewInquiries(db, directory, read, now);
  // Who the new inquiries are assigned to, as members: the payload's Slack mention, the team mail.
  const newInquiries = read.flatMap(({ n, subject }, i) =>
    n?.event === "inquiry.created" && subject?.event === "inquiry.created" ? [{ i, n, subject }] : [],
  );
  const members = await assigneesOf(
    directory,
    newInquiries.flatMap(({ n, subject: { inquiry } }) =>
      inquiry.assignee ? [{ siteId: n.site_id, email: inquiry.assignee }] : [],
    ),
  );
  const assigneeOf = (n: NotificationRow, inquiry: InquirySubjectRow) =>
    inquiry.assignee ? members.get(assigneeKey(n.site_id, inquiry.assignee)) : undefined;
  const work = read.map(({ n, pending, subject }, i) => {
    const m = messages[i]!;
    let payload = n?.payload ?? null;
    // What dispatching writes, read back as the deliveries then pending (null: nothing to send).
    let dispatch: BatchRead<PendingDelivery[] | null> = nothingRead(null);
    if (n && n.dispatched_at === null) {
      const assignee = subject?.event === "inquiry.created" ? assigneeOf(n, subject.inquiry) : undefined;
      payload ??= JSON.stringify(
        buildRecordPayload(
          n,
          subject,
          assignee ? { email: assignee.email, name: assignee.name, slackUserId: assignee.slackUserId } : null,
        ),
      );
      if (payload === "null") {
        payload = null; // the inquiry or lead is gone (erased): nothing to send
        dispatch = writesThen([markDispatched(db, n.id, now)], nothingRead(null));
      } else {
        dispatch = writesThen(dispatchStatements(db, n, payload, now), pendingOf(m));
      }
    }
    return { n, payload, pending, dispatch };
  });

  // The deliveries a dispatch created are sent with those pending before.
  const pendingAfterDispatch = await runBatch(
    db,
    work.map((w) => w.dispatch),
  );
  work.forEach((w, i) => {
    w.pending = pendingAfterDispatch[i] ?? w.pending;
  });

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
        return await Promise.all(pending.map((d) => attemptDelivery(d, event, payload, n.language, localTargets)));
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
    newInquiries.map(async ({ i, n, subject }) => {
      teamMailed.set(i, (await mailTeam(env, n, subject, assigneeOf(n, subject.inquiry))) !== "retry");
    }),
  );
  return sent.map(
    (attempts, i) => attempts?.every((a) => a.ok) === true && mailed[i] === true && teamMailed.get(i) !== false,
  );
}
