// sendMail: a mail goes out at most once per (kind, key), is never sent to a suppressed address
// or past a cap, and every attempt is in the mail log (docs/mail.md). Callers are the queue
// consumer (auto-replies, download links, team mail, digests) and the sign-in request.
import { mailboxKey, normaliseEmail } from "../../shared/email.ts";
import { databaseFor } from "../db/handle.ts";
import {
  type AttemptOutcome,
  attemptOutcomeStatements,
  type ClaimedRow,
  claimStatements,
  type MailCaps,
} from "../db/mail-log.ts";
import type { Env } from "../env.ts";
import { type Mailer, type MailMessage, mailerFrom } from "./mailer.ts";

/** The kinds of mail, one per use (the mail log's `kind`). */
export const MAIL_KINDS = ["autoreply", "download_link", "sign_in", "team_inquiry", "digest"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * What became of a sendMail call: sent now; `duplicate` (already sent, or settled otherwise, by an
 * earlier call with this kind and key; or another attempt is sending it right now); suppressed
 * address; over a cap; `retry` (try again later: the provider or D1 failed for now); `failed`
 * (will not go out: a permanent provider error, or no mail configured).
 */
export type SendOutcome = "sent" | "duplicate" | "suppressed" | "capped" | "retry" | "failed";

export interface SendMailInput {
  siteId: string;
  kind: MailKind;
  /** What makes it one mail within its kind, e.g. the inquiry id: a second call with it sends nothing. */
  key: string;
  to: string;
  message: MailMessage;
  /** Limits for mail a stranger can trigger (the visitor auto-reply, download links). */
  caps?: MailCaps;
}

// A D1 write that failed may still have committed; these writes are idempotent, so they are
// tried again at once rather than leaving a sent mail looking unsent.
const WRITE_TRIES = 5;

async function batchWithRetries(db: D1Database, statements: () => D1PreparedStatement[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.batch(statements());
    } catch (err) {
      if (attempt >= WRITE_TRIES) throw err;
    }
  }
}

/**
 * Sends `message` unless this (kind, key) was sent or settled before, the recipient is
 * suppressed, or a cap is reached. Throws only when D1 keeps failing (the caller retries later).
 * `mailer` defaults to the configured one (mailerFrom).
 */
export async function sendMail(
  env: Env,
  input: SendMailInput,
  options: { mailer?: Mailer; now?: () => number } = {},
): Promise<SendOutcome> {
  const now = options.now ?? Date.now;
  const recipient = normaliseEmail(input.to);
  const token = crypto.randomUUID();
  const claim = {
    siteId: input.siteId,
    kind: input.kind,
    key: input.key,
    recipient,
    mailbox: mailboxKey(recipient),
    subject: input.message.subject.slice(0, 300),
    token,
    caps: input.caps,
  };
  const db = databaseFor(env, input.siteId);
  const claimedAt = now();
  const results = await batchWithRetries(db, () => claimStatements(db, claim, claimedAt));
  const row = results[results.length - 1]?.results[0] as ClaimedRow | undefined;
  if (!row) throw new Error(`mail log row ${input.kind}/${input.key} missing after its insert`);
  if (row.status === "suppressed" && row.claim_token === token) return "suppressed";
  if (row.status === "capped" && row.claim_token === token) return "capped";
  if (row.status !== "sending" || row.claim_token !== token) return "duplicate";

  const mailer = options.mailer ?? mailerFrom(env);
  let outcome: AttemptOutcome;
  if (!mailer) {
    outcome = { status: "failed", provider: null, code: "not_configured", detail: "no mail provider is configured" };
  } else if (!input.message.from.email) {
    outcome = { status: "failed", provider: null, code: "not_configured", detail: "no sender address (MAIL_FROM)" };
  } else {
    const result = await mailer.send({ ...input.message, to: input.to }, `${input.kind}/${input.key}`);
    outcome = result.ok
      ? { status: "sent", provider: mailer.provider, providerId: result.providerId }
      : {
          status: result.suppress ? "suppressed" : result.retry ? "retry" : "failed",
          provider: mailer.provider,
          code: result.code,
          detail: result.detail,
          suppress: result.suppress,
        };
  }
  const target = { id: row.id, siteId: input.siteId, recipient, token };
  await batchWithRetries(db, () => attemptOutcomeStatements(db, target, outcome, now()));
  return outcome.status;
}
