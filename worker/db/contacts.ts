import { notAReplay, type SubmissionMeta, squeeze } from "./submissions.ts";

// A lead's and an inquiry's repeat window (LEAD_REPEAT_WINDOW_MS, INQUIRY_REPEAT_WINDOW_MS: both
// 24 h, as in the triggers of migration 0010); a literal here, since leads.ts and inquiries.ts
// import this module.
const REPEAT_WINDOW_MS = 86_400_000;

export interface ContactFields {
  email: string;
  name?: string;
  company?: string;
}

// ?1 id, ?2 site, ?3 e-mail, ?4 name, ?5 company, ?6 now, ?7 first lead time (this submission's
// time for a lead, else NULL), ?8 kind, ?9 submission id, ?10 the record's repeat key (a lead's
// resource, an inquiry's dedupe key).
// The grade's rollup (migration 0014) is kept here, in the statement the batch already has: a
// download sets `last_download_at` and counts one more lead unless the download lands on the lead
// whose 24 h window is still open (the same test as the BEFORE INSERT trigger of migration 0010,
// which closes an older one); an inquiry sets `has_inquiry` unless it lands on the same inquiry of
// the last 24 h (that one may be spam; if it is not, `has_inquiry` is set already).
// The contact's name and company (what lists of contacts show; each lead and inquiry shows its
// own, db/typed-contact.ts) are the pair typed with its latest inquiry not marked spam (even an
// empty one), else with its latest download that gave either: `excluded.has_inquiry` is 1 for an
// inquiry, `contacts.has_inquiry` says whether one that is not spam exists. A status change to or
// from spam recomputes it (migration 0016's trigger), so an address pre-registered or renamed by
// someone else shows the real person's words once they write, and again once the team marks the
// impostor's as spam.
const TAKES_NAME = `(excluded.has_inquiry OR (NOT contacts.has_inquiry
  AND (excluded.name IS NOT NULL OR excluded.company IS NOT NULL)))`;
const UPSERT_CONTACT = squeeze(`
  INSERT INTO contacts (id, site_id, email, name, company, created_at, updated_at, first_lead_at,
                        last_download_at, lead_count, has_inquiry)
  SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?7, ?7 IS NOT NULL, ?7 IS NULL WHERE ${notAReplay(2, 8, 9)}
  ON CONFLICT (site_id, email) DO UPDATE SET
    name = CASE WHEN ${TAKES_NAME} THEN excluded.name ELSE contacts.name END,
    company = CASE WHEN ${TAKES_NAME} THEN excluded.company ELSE contacts.company END,
    updated_at = excluded.updated_at,
    first_lead_at = coalesce(contacts.first_lead_at, excluded.first_lead_at),
    last_download_at = coalesce(excluded.last_download_at, contacts.last_download_at),
    lead_count = contacts.lead_count + CASE WHEN excluded.lead_count THEN NOT EXISTS (SELECT 1 FROM leads
      WHERE contact_id = contacts.id AND resource_id = ?10 AND window_open = 1 AND first_seen_at > ?6 - ${REPEAT_WINDOW_MS})
      ELSE 0 END,
    has_inquiry = CASE WHEN contacts.has_inquiry OR NOT excluded.has_inquiry THEN contacts.has_inquiry
      ELSE NOT EXISTS (SELECT 1 FROM inquiries WHERE contact_id = contacts.id AND dedupe_key = ?10 AND window_open = 1
        AND created_at > ?6 - ${REPEAT_WINDOW_MS}) END`);

/**
 * Upserts the contact (one per site and normalised e-mail), with the name rule above; what each
 * submission said stays on its `submissions` row. `first_lead_at` keeps the first lead's time,
 * for the stats' lead→inquiry conversion; the grade's rollup follows the submission (`record`: a
 * download of a resource, or an inquiry with its dedupe key). Skipped for a retry.
 */
export function upsertContact(
  db: D1Database,
  meta: SubmissionMeta,
  c: ContactFields,
  now: number,
  record: { resourceId: string } | { dedupeKey: string },
) {
  const isLead = "resourceId" in record;
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
      isLead ? record.resourceId : record.dedupeKey,
    );
}

/** SQL for the id of a site's contact by e-mail, from the numbered parameters `site` and `email` (`contactId(2, 3)`: ?2, ?3). */
export const contactId = (site: number, email: number) =>
  `(SELECT id FROM contacts WHERE site_id = ?${site} AND email = ?${email})`;
