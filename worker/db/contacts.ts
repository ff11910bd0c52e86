import { NOT_A_REPLAY, replayParams, type SubmissionMeta } from "./submissions.ts";

export interface ContactFields {
  email: string;
  name?: string;
  company?: string;
}

/**
 * Upserts the contact (one per site and normalised e-mail). A later submission only fills a
 * name or company the contact does not have yet; it never overwrites one. The collect endpoints
 * are public, so "newest wins" would let anyone who knows an address rename that person; what
 * each submission said is kept on its `submissions` row instead. `first_lead_at` keeps the first
 * lead's time (`isLead`: this submission is a download), for the stats' lead→inquiry conversion.
 * Skipped for a retry.
 */
export function upsertContact(db: D1Database, meta: SubmissionMeta, c: ContactFields, now: number, isLead = false) {
  return db
    .prepare(
      `INSERT INTO contacts (id, site_id, email, name, company, created_at, updated_at, first_lead_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE ${NOT_A_REPLAY}
       ON CONFLICT (site_id, email) DO UPDATE SET
         name = coalesce(contacts.name, excluded.name),
         company = coalesce(contacts.company, excluded.company),
         updated_at = excluded.updated_at,
         first_lead_at = coalesce(contacts.first_lead_at, excluded.first_lead_at)`,
    )
    .bind(
      crypto.randomUUID(),
      meta.siteId,
      c.email,
      c.name || null,
      c.company || null,
      now,
      now,
      isLead ? now : null,
      ...replayParams(meta),
    );
}

/** SQL for the id of a site's contact by e-mail; binds (site_id, email). */
export const CONTACT_ID = "(SELECT id FROM contacts WHERE site_id = ? AND email = ?)";
