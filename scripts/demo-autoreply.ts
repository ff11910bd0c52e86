import { FORM_KINDS } from "../shared/autoreply.ts";
import { readSender, updateAutoReply, updateSender } from "../worker/db/autoreplies.ts";
import { findSiteByKey } from "../worker/db/sites.ts";

/** The demo site's sender identity: fictitious, and mail only ever reaches the local mailbox. */
export const DEMO_SENDER = {
  senderName: "hikiai demo",
  fromAddress: "noreply@hikiai.example",
  replyTo: "demo@hikiai.example",
  footerSender: "hikiai デモ (Demo)",
  footerContact: "〒100-0001 東京都千代田区千代田 1-1 (demo address)",
  footerOptout: "demo@hikiai.example",
};

/**
 * The demo site answers every form with the default auto-reply, so a new user sees the mail of
 * a demo submission in the local mailbox. Set once: what a developer changes later is kept.
 */
export async function ensureDemoAutoReply(db: D1Database, siteKey: string): Promise<void> {
  const site = await findSiteByKey(db, siteKey);
  if (!site) throw new Error(`site ${siteKey} not found`);
  if ((await readSender(db, site.id)).fromAddress) return;
  await updateSender(db, site.id, DEMO_SENDER);
  for (const kind of FORM_KINDS) await updateAutoReply(db, site.id, kind, null, { enabled: true });
}
