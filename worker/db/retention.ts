// Retention: each site keeps personal data for `sites.retention_months` (default 24), then the
// daily cron (worker/scheduled.ts) purges it. What counts as "older than the cutoff":
// - a lead whose last download is older;
// - an inquiry created before the cutoff and not followed up since (updated_at) either, so an
//   old deal still being worked on stays;
// - the follow-up history of a purged inquiry, and every submission (idempotency record)
//   received before the cutoff or made for a purged lead or inquiry;
// - a contact not updated since the cutoff once none of its leads or inquiries remain.
// Each site's purge is one batch (one transaction) and leaves an `erasures` row (reason
// `retention`, counts only) when it removed anything.

/** Purge conditions, each binding (site_id, cutoff) as ?1 and ?2. */
const EXPIRED = {
  leads: "site_id = ?1 AND last_seen_at < ?2",
  inquiries: "site_id = ?1 AND max(created_at, coalesce(updated_at, 0)) < ?2",
  history:
    "site_id = ?1 AND inquiry_id IN (SELECT id FROM inquiries WHERE site_id = ?1 AND max(created_at, coalesce(updated_at, 0)) < ?2)",
  // Old ones, and those of a record purged now (a lead re-downloaded long ago, asked about recently).
  submissions: `site_id = ?1 AND (created_at < ?2
    OR (kind = 'lead' AND record_id IN (SELECT id FROM leads WHERE site_id = ?1 AND last_seen_at < ?2))
    OR (kind = 'inquiry' AND record_id IN (SELECT id FROM inquiries
                                           WHERE site_id = ?1 AND max(created_at, coalesce(updated_at, 0)) < ?2)))`,
  // Judged on the state before this purge, so it holds both for the count and after the deletes.
  contacts: `site_id = ?1 AND updated_at < ?2
    AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.contact_id = contacts.id AND l.last_seen_at >= ?2)
    AND NOT EXISTS (SELECT 1 FROM inquiries i WHERE i.contact_id = contacts.id
                    AND max(i.created_at, coalesce(i.updated_at, 0)) >= ?2)`,
} as const;

/** The first instant kept: `months` calendar months (UTC) before `now`. */
export function retentionCutoff(now: number, months: number): number {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.getTime();
}

export interface PurgeCounts {
  contacts: number;
  leads: number;
  inquiries: number;
  submissions: number;
  history: number;
}

const TABLE = {
  contacts: "contacts",
  leads: "leads",
  inquiries: "inquiries",
  submissions: "submissions",
  history: "inquiry_history",
} as const;
type Kind = keyof typeof TABLE;
// History before inquiries (its condition reads them); contacts last (theirs reads what remains).
const DELETE_ORDER: Kind[] = ["history", "submissions", "leads", "inquiries", "contacts"];

/** Purges one site's data older than `cutoff` in one transaction; returns what went. */
export async function purgeSite(db: D1Database, siteId: string, cutoff: number, now: number): Promise<PurgeCounts> {
  const kinds = Object.keys(TABLE) as Kind[];
  const counts = kinds.map((k) => `(SELECT count(*) FROM ${TABLE[k]} WHERE ${EXPIRED[k]}) AS ${k}`).join(", ");
  // Counted before the deletes, in the same transaction; recorded only when something expired.
  const record = db
    .prepare(
      `INSERT INTO erasures (id, site_id, reason, api_key_id, erased_at, ${kinds.join(", ")})
       SELECT ?3, ?1, 'retention', NULL, ?4, ${kinds.join(", ")} FROM (SELECT ${counts})
       WHERE ${kinds.join(" + ")} > 0
       RETURNING ${kinds.join(", ")}`,
    )
    .bind(siteId, cutoff, crypto.randomUUID(), now);
  const deletes = DELETE_ORDER.map((k) =>
    db.prepare(`DELETE FROM ${TABLE[k]} WHERE ${EXPIRED[k]}`).bind(siteId, cutoff),
  );
  // Notifications older than the cutoff go with the data they were about (their stored payloads
  // hold names and e-mails); their deliveries and delivery log follow by cascade.
  const notifications = db
    .prepare("DELETE FROM notifications WHERE site_id = ?1 AND created_at < ?2")
    .bind(siteId, cutoff);
  const [recorded] = await db.batch<PurgeCounts>([record, ...deletes, notifications]);
  return recorded?.results[0] ?? { contacts: 0, leads: 0, inquiries: 0, submissions: 0, history: 0 };
}

/** Every site with its retention, for the purge. */
export async function sitesRetention(db: D1Database) {
  const { results } = await db
    .prepare("SELECT id, retention_months FROM sites")
    .all<{ id: string; retention_months: number }>();
  return results.map((r) => ({ siteId: r.id, months: r.retention_months }));
}
