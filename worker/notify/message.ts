// The notification queue's message, apart from enqueue.ts so that env.ts (which types the queue
// binding with it) imports no module that imports env.ts.

/** A queue message: dispatch and send a notification (only `deliveryId` when given: a redelivery). */
export interface NotifyMessage {
  notificationId: string;
  deliveryId?: string;
  /** The notification's site: the consumer reads it from that site's database (db/handle.ts); absent, `DB`. */
  siteId?: string;
  /**
   * Not a notification (`notificationId` is then ""): mail lead `leadId`'s download link again,
   * under mail log key `key` (a repeat download, mail/link-again.ts).
   */
  linkAgain?: { leadId: string; key: string };
}
