import { newWebhookSecret } from "../shared/webhook-signature.ts";
import { findSiteByKey } from "../worker/db/sites.ts";
import { createWebhook, listWebhooks } from "../worker/db/webhooks.ts";

/**
 * The demo site's signed webhook to the local receiver at `url`: reused when it exists (the local
 * D1 persists across `npm start`s), created otherwise. Returns its secret, for the receiver to verify.
 */
export async function ensureDemoWebhook(db: D1Database, siteKey: string, url: string): Promise<string> {
  const site = await findSiteByKey(db, siteKey);
  if (!site) throw new Error(`site ${siteKey} not found`);
  const existing = (await listWebhooks(db, site.id)).find((w) => w.url === url && w.type === "webhook");
  if (existing?.secret) return existing.secret;
  const secret = newWebhookSecret();
  await createWebhook(db, { siteId: site.id, type: "webhook", url, secret, description: "local receiver (npm start)" });
  return secret;
}
