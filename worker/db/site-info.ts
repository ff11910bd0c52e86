// The site's settings the dashboard shows and when it last received a lead and an inquiry.

export interface SiteActivity {
  timeZone: string;
  lastLeadAt: number | null;
  lastInquiryAt: number | null;
}

/** One batch: the zone and the newest lead and inquiry, each read from the (site, time) index's first entry. */
export async function readSiteActivity(db: D1Database, siteId: string): Promise<SiteActivity> {
  const [zone, lead, inquiry] = await db.batch([
    db.prepare("SELECT time_zone AS at FROM sites WHERE id = ?").bind(siteId),
    db
      .prepare("SELECT first_seen_at AS at FROM leads WHERE site_id = ? ORDER BY first_seen_at DESC LIMIT 1")
      .bind(siteId),
    db
      .prepare("SELECT created_at AS at FROM inquiries WHERE site_id = ? ORDER BY created_at DESC LIMIT 1")
      .bind(siteId),
  ]);
  const first = (r: D1Result | undefined) => (r?.results[0] as { at: never } | undefined)?.at ?? null;
  return { timeZone: first(zone) ?? "Asia/Tokyo", lastLeadAt: first(lead), lastInquiryAt: first(inquiry) };
}
