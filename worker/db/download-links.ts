// Using a mailed download link (lib/download-link.ts, routes/download.ts): each download (the
// button of the link's page) is counted on the lead, atomically and only while uses are left, and
// the first one marks the lead downloaded and its contact's address verified, in the same
// transaction. Opening the link only reads (downloadLinkState).

export type LinkOpening =
  /** Counted: serve `resourceId`'s file. */
  | { outcome: "opened"; resourceId: string; pageUrl: string }
  /** Every use was spent; `pageUrl`: where the visitor asked for it (to ask again). */
  | { outcome: "used_up"; pageUrl: string }
  /** The lead is gone (erased, purged by retention, or its site deleted). */
  | { outcome: "gone" };

/**
 * Counts one opening of lead `leadId`'s link if fewer than `uses` were counted: the UPDATE …
 * RETURNING decides, so two openings at once can never both take the last use. The same batch
 * stamps the contact verified (once: its first time stays).
 */
export async function openDownloadLink(
  db: D1Database,
  grant: { siteId: string; leadId: string; uses: number },
  now: number,
): Promise<LinkOpening> {
  const [counted] = await db.batch<{ resource_id: string; page_url: string }>([
    db
      .prepare(
        `UPDATE leads SET link_opens = link_opens + 1, downloaded_at = coalesce(downloaded_at, ?3)
         WHERE id = ?1 AND site_id = ?2 AND link_opens < ?4 RETURNING resource_id, page_url`,
      )
      .bind(grant.leadId, grant.siteId, now, grant.uses),
    db
      .prepare(
        `UPDATE contacts SET email_verified_at = ?3 WHERE email_verified_at IS NULL AND site_id = ?2
         AND id = (SELECT contact_id FROM leads WHERE id = ?1 AND site_id = ?2 AND downloaded_at IS NOT NULL)`,
      )
      .bind(grant.leadId, grant.siteId, now),
  ]);
  const row = counted?.results[0];
  if (row) return { outcome: "opened", resourceId: row.resource_id, pageUrl: row.page_url };
  const pageUrl = await leadPageUrl(db, grant.siteId, grant.leadId);
  return pageUrl !== null ? { outcome: "used_up", pageUrl } : { outcome: "gone" };
}

/** What a download through lead `leadId`'s link would do now, without counting it (the page before the button). */
export async function downloadLinkState(
  db: D1Database,
  grant: { siteId: string; leadId: string; uses: number },
): Promise<Exclude<LinkOpening, { outcome: "opened" }> | { outcome: "ready"; resourceId: string; pageUrl: string }> {
  const lead = await db
    .prepare("SELECT resource_id, page_url, link_opens FROM leads WHERE id = ? AND site_id = ?")
    .bind(grant.leadId, grant.siteId)
    .first<{ resource_id: string; page_url: string; link_opens: number }>();
  if (!lead) return { outcome: "gone" };
  if (lead.link_opens >= grant.uses) return { outcome: "used_up", pageUrl: lead.page_url };
  return { outcome: "ready", resourceId: lead.resource_id, pageUrl: lead.page_url };
}

/** Where the visitor of a lead asked for its file (the page to ask again on), or null if the lead is gone. */
export async function leadPageUrl(db: D1Database, siteId: string, leadId: string): Promise<string | null> {
  const lead = await db
    .prepare("SELECT page_url FROM leads WHERE id = ? AND site_id = ?")
    .bind(leadId, siteId)
    .first<{ page_url: string }>();
  return lead?.page_url ?? null;
}

/** What mailing lead `leadId`'s link again needs: its resource, downloads so far, language, address and site. */
export async function leadToMailAgain(db: D1Database, siteId: string, leadId: string) {
  return db
    .prepare(
      `SELECT l.resource_id, l.link_opens, l.locale, c.email, s.name AS site_name, s.language
       FROM leads l JOIN contacts c ON c.id = l.contact_id JOIN sites s ON s.id = l.site_id
       WHERE l.id = ? AND l.site_id = ?`,
    )
    .bind(leadId, siteId)
    .first<{
      resource_id: string;
      link_opens: number;
      locale: string | null;
      email: string;
      site_name: string;
      language: "ja" | "en";
    }>();
}
