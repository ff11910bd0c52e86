// The sign-in link by mail (docs/dashboard-sign-in.md): the same one-time link the CLI prints
// (15 minutes, once), mailed from the deployment's sender to a member who asked for it on /app.
// Runs after the answer (waitUntil), so whether the address is a member never shows in it.
import { mailboxKey, normaliseEmail } from "../../shared/email.ts";
import { databaseFor, directoryDatabase } from "../db/handle.ts";
import { type MailCaps, mailHeld } from "../db/mail-log.ts";
import { createSignInLink } from "../db/sessions.ts";
import { signInRecipient } from "../db/sign-in-recipients.ts";
import type { Env } from "../env.ts";
import { hashToken } from "../lib/session-token.ts";
import { type SendOutcome, sendMail } from "./send.ts";
import { systemSender } from "./system-sender.ts";

const WORDS = {
  ja: {
    subject: "hikiai のサインインリンク",
    body: (link: string) =>
      [
        "hikiai のダッシュボードにサインインするには、次のリンクを開いてください（15分間有効・1回限り）:",
        "",
        link,
        "",
        "このメールに心当たりがない場合は、何もしないでください。リンクは使われないまま無効になります。",
      ].join("\n"),
  },
  en: {
    subject: "Your hikiai sign-in link",
    body: (link: string) =>
      [
        "Open this link to sign in to the hikiai dashboard (valid 15 minutes, once):",
        "",
        link,
        "",
        "If you did not ask for it, do nothing: the link expires unused.",
      ].join("\n"),
  },
};

/**
 * Sign-in links mailed to one member per 24 h, whoever asks and wherever: the per-minute limits
 * are Rate Limiting bindings, which count per Cloudflare location, so a flood spread over
 * locations and days would still fill a member's inbox; this count is in D1 (the mail log).
 */
export const SIGN_IN_MAILS_PER_DAY = 10;
const SIGN_IN_CAPS: MailCaps = { kinds: ["sign_in"], perRecipientDay: SIGN_IN_MAILS_PER_DAY };

/**
 * Mails a fresh sign-in link to the member with this (normalised) address; nothing when there is
 * none, or when the mail would be capped or suppressed (and then no link is made). `origin` is the
 * worker's public origin, where the link is opened. Exactly once per link: the mail log's key is
 * the link's token hash.
 */
export async function mailSignInLink(env: Env, email: string, origin: string): Promise<SendOutcome | "not_member"> {
  const directory = directoryDatabase(env);
  const recipient = await signInRecipient(directory, email);
  if (!recipient) return "not_member";
  // A link is stored only for a mail that would go out: past the daily cap (or to a suppressed
  // address) each request would otherwise leave a link row and a mail log row, bounded only by
  // the per-minute limits. The claim in sendMail still decides for requests at the same moment.
  const to = normaliseEmail(recipient.email);
  const held = await mailHeld(
    databaseFor(env, recipient.siteId),
    { siteId: recipient.siteId, recipient: to, mailbox: mailboxKey(to), caps: SIGN_IN_CAPS },
    Date.now(),
  );
  if (held) return held;
  const { token } = await createSignInLink(directory, { memberId: recipient.memberId, siteId: recipient.siteId });
  const link = `${origin}/auth/link?token=${token}`;
  const w = WORDS[recipient.language];
  return sendMail(env, {
    siteId: recipient.siteId,
    kind: "sign_in",
    key: await hashToken(token),
    to: recipient.email,
    caps: SIGN_IN_CAPS,
    // Without MAIL_FROM, the mail log says `not_configured`.
    message: { to: recipient.email, from: systemSender(env) ?? { email: "" }, subject: w.subject, text: w.body(link) },
  });
}
