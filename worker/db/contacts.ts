import { notAReplay, type SubmissionMeta, squeeze } from "./submissions.ts";

export interface ContactFields {
  email: string;
  name?: string;
  company?: string;
}

// ?1 id, ?2 site, ?3 e-mail, ?4 name, ?5 company, ?6 now, ?7 first lead time, ?8 kind, ?9 submission id.
const UPSERT_CONTACT = squeeze(`
  INSERT INTO contacts (id, site_id, email, name, company, created_at, updated_at, first_lead_at)
  SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7 WHERE ${notAReplay(2, 8, 9)}
  ON CONFLICT (site_id, email) DO UPDATE SET
    name = coalesce(contacts.name, excluded.name),
    company = coalesce(contacts.company, excluded.company),
    updated_at = excluded.updated_at,
    first_lead_at = coalesce(contacts.first_lead_at, excluded.first_lead_at)`);

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
    .prepare(UPSERT_CONTACT)
    .bind(
      crypto.randomUUID(),
      meta.siteId,
      c.email,
      c.name || null,
      c.company || null,
      now,
      isLead ? now : null,
      meta.kind,
      meta.submissionId,
    );
}

/** SQL for the id of a site's contact by e-mail, from the numbered parameters `site` and `email` (`contactId(2, 3)`: ?2, ?3). */
export const contactId = (site: number, email: number) =>
  `(SELECT id FROM contacts WHERE site_id = ?${site} AND email = ?${email})`;
