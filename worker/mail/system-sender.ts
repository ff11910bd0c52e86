// The deployment's own sender (`MAIL_FROM` in wrangler.toml [vars], e.g. `hikiai <no-reply@mail.example.jp>`):
// mail hikiai sends for itself rather than for a site — sign-in links, the digest, team mail of a
// site without a sender identity. A site's visitors never get it: their auto-replies and download
// links need the site's own sender (docs/mail.md).
import * as z from "zod/mini";
import type { Env } from "../env.ts";
import type { MailMessage } from "./mailer.ts";

const ADDRESS = z.email();

/**
 * `MAIL_FROM` as a sender: `Name <address>` or a bare address. Null when unset or not an address,
 * and then nothing is sent from it (the mail log says `not_configured`).
 */
export function systemSender(env: Pick<Env, "MAIL_FROM">): MailMessage["from"] | null {
  const raw = (env.MAIL_FROM ?? "").trim();
  const named = /^(.*?)\s*<([^<>\s]+)>$/.exec(raw);
  const email = named ? named[2]! : raw;
  if (!ADDRESS.safeParse(email).success) return null;
  const name = named?.[1]?.replace(/^"(.*)"$/, "$1").trim();
  return name ? { email, name } : { email };
}
