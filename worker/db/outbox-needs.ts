// Whether a site needs a notification outbox row for every new inquiry even without an enabled
// webhook: the queue consumer has other work for it (routing rules). Read from the site's own
// database when the site cache reads the site (once a minute per isolate), so the collect batch
// gains no statement; the outbox statement then takes it as a parameter (:outboxNeeded).
import type { Site } from "../env.ts";

/** The site with `needsInquiryOutbox` set from its database. */
export async function withOutboxNeeds(db: D1Database, site: Site): Promise<Site> {
  const row = await db
    .prepare("SELECT EXISTS (SELECT 1 FROM routing_rules WHERE site_id = ?) AS rules")
    .bind(site.id)
    .first<{ rules: number }>();
  return { ...site, needsInquiryOutbox: row?.rules === 1 };
}
