// The notification queue's messages, apart from enqueue.ts so that env.ts (which types the queue
// binding with it) imports no module that imports env.ts.

/** Dispatch and send a notification (only `deliveryId` when given: a redelivery). */
export interface NotificationMessage {
  notificationId: string;
  deliveryId?: string;
  /** The notification's site: the consumer reads it from that site's database (db/handle.ts); absent, `DB`. */
  siteId?: string;
  linkAgain?: never;
}

/**
 * No notification: mail lead `leadId`'s download link again, under mail log key `key` (a repeat
 * download, mail/link-again.ts). Queued before this type, such a message also carried
 * `notificationId: ""`, which nothing reads.
 */
export interface LinkAgainMessage {
  siteId: string;
  linkAgain: { leadId: string; key: string };
}

/** A queue message: a message without `linkAgain` is a notification. */
export type NotifyMessage = NotificationMessage | LinkAgainMessage;

/** Whether `message` (its body) mails a link again rather than a notification. */
export const isLinkAgain = <M extends { body: NotifyMessage }>(message: M): message is M & { body: LinkAgainMessage } =>
  message.body.linkAgain !== undefined;
