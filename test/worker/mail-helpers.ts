import { expect, inject } from "vitest";
import type { MailboxMessage } from "../../scripts/mailbox-standin.ts";

/** The local mailbox stand-in started by mailbox-setup.ts (Node); the worker's mail arrives there. */
export const MAILBOX = inject("mailboxUrl");

/** A whole sender identity (every field an auto-reply or a mailed link needs). */
export const SAMPLE_SENDER = {
  senderName: "サンプル商事",
  fromAddress: "info@mail.example.jp",
  replyTo: "sales@example.jp",
  footerSender: "サンプル商事株式会社",
  footerContact: "東京都千代田区1-1",
  footerOptout: "optout@example.jp",
};

/**
 * A fresh recipient, so each test reads only its own mail; `play` picks a played failure
 * (mailbox-standin.ts). A domain of its own too: the caps count `play+x@` and `play+y@` of one
 * domain as one inbox.
 */
export const mailTo = (play = "visitor") => {
  const id = crypto.randomUUID().slice(0, 8);
  return `${play}+${id}@m${id}.example.com`;
};

/** What the mailbox received for `to` (all of it without), oldest first. */
export async function mailbox(to?: string): Promise<MailboxMessage[]> {
  const res = await fetch(`${MAILBOX}/messages${to ? `?to=${encodeURIComponent(to)}` : ""}`);
  return (await res.json()) as MailboxMessage[];
}

/** Forgets what the mailbox received for `to` (all of it without). */
export async function clearMailbox(to?: string): Promise<void> {
  await fetch(`${MAILBOX}/messages${to ? `?to=${encodeURIComponent(to)}` : ""}`, { method: "DELETE" });
}

/** Waits until `to` has at least `count` messages, then returns them. */
export async function waitForMail(to: string, count = 1, timeoutMs = 15_000): Promise<MailboxMessage[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await mailbox(to);
    if (got.length >= count) return got;
    if (Date.now() > deadline) expect.fail(`${to}: ${got.length} of ${count} mails within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
