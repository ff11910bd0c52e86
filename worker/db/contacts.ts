import { NOT_A_REPLAY } from "./submissions.ts";

export interface ContactFields {
  email: string;
  name?: string;
  company?: string;
}

/**
 * Upserts the contact (one per site and normalised e-mail). Name and company keep the newest
 * non-empty value; `first_lead_at` keeps the first lead's time (`isLead`: this submission is a
 * download), for the stats' lead→inquiry conversion. Skipped when the submission was already
 * stored (a retry changes nothing).
 */
export function upsertContact(
  db: D1Database,
  siteId: string,
  submissionId: string,
  c: ContactFields,
  now: number,
  isLead = false,
) {
  return db
    .prepare(
      `INSERT INTO contacts (id, site_id, email, name, company, created_at, updated_at, first_lead_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE ${NOT_A_REPLAY}
       ON CONFLICT (site_id, email) DO UPDATE SET
         name = coalesce(excluded.name, contacts.name),
         company = coalesce(excluded.company, contacts.company),
         updated_at = excluded.updated_at,
         first_lead_at = coalesce(contacts.first_lead_at, excluded.first_lead_at)`,
    )
    .bind(
      crypto.randomUUID(),
      siteId,
      c.email,
      c.name || null,
      c.company || null,
      now,
      now,
      isLead ? now : null,
      siteId,
      submissionId,
    );
}

/** SQL for the id of a site's contact by e-mail; binds (site_id, email). */
export const CONTACT_ID = "(SELECT id FROM contacts WHERE site_id = ? AND email = ?)";
