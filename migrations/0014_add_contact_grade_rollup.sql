-- The grade filters (`grade=` on GET /v1/leads, /v1/contacts and the leads export) read a small
-- per-contact rollup instead of probing every candidate's leads and inquiries when read: at 1M
-- leads `grade=warm` took 2.6 s and contacts `grade=hot` 0.4 s (README, "Benchmarks").
--
-- The rollup holds facts, never the grade: the grade changes with time alone (README, "Grades"),
-- so "a download within 30 days" stays a range on `last_download_at` at read time
-- (worker/db/grade.ts).
-- - last_download_at: the contact's latest download (max of its leads' last_seen_at), NULL if none;
-- - lead_count: how many lead rows the contact has (a repeat within 24 h is the same lead);
-- - has_inquiry: 1 if the contact has an inquiry that is not spam.
--
-- Who keeps it current:
-- - the collect batch's contact upsert (worker/db/contacts.ts), in its existing statement: no
--   statement or trigger is added to the collect batch;
-- - the triggers below, for what only happens off the collect path: a status change to or from
--   spam (PATCH /v1/inquiries/:id), and deletions (erasure, the retention purge, a site's
--   deletion). None of them fires on the collect path: it never deletes rows and never sets an
--   inquiry's status.
ALTER TABLE contacts ADD COLUMN last_download_at INTEGER;
ALTER TABLE contacts ADD COLUMN lead_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN has_inquiry INTEGER NOT NULL DEFAULT 0;

-- The same statement as GRADE_ROLLUP_SQL in worker/db/grade.ts (there scoped to some contacts).
UPDATE contacts SET
  last_download_at = (SELECT max(last_seen_at) FROM leads WHERE contact_id = contacts.id),
  lead_count = (SELECT count(*) FROM leads WHERE contact_id = contacts.id),
  has_inquiry = EXISTS (SELECT 1 FROM inquiries WHERE contact_id = contacts.id AND status <> 'spam');

-- Warm and hot-by-downloads are a range of this index: (site, last download >= now - 30 days);
-- lead_count and has_inquiry in it let the range tell warm from hot without reading the rows.
-- Contacts that never downloaded stay out of it. It is the one index a download rewrites (its
-- key changes with every download); hot by inquiry is read from the inquiries' own site index.
CREATE INDEX contacts_site_download ON contacts (site_id, last_download_at, lead_count, has_inquiry)
  WHERE last_download_at IS NOT NULL;

CREATE TRIGGER leads_grade_rollup_delete AFTER DELETE ON leads BEGIN
  UPDATE contacts SET
    last_download_at = (SELECT max(last_seen_at) FROM leads WHERE contact_id = old.contact_id),
    lead_count = (SELECT count(*) FROM leads WHERE contact_id = old.contact_id)
  WHERE id = old.contact_id;
END;

CREATE TRIGGER inquiries_grade_rollup_delete AFTER DELETE ON inquiries WHEN old.status <> 'spam' BEGIN
  UPDATE contacts SET
    has_inquiry = EXISTS (SELECT 1 FROM inquiries WHERE contact_id = old.contact_id AND status <> 'spam')
  WHERE id = old.contact_id;
END;

CREATE TRIGGER inquiries_grade_rollup_status AFTER UPDATE OF status ON inquiries
WHEN (old.status = 'spam') <> (new.status = 'spam') BEGIN
  UPDATE contacts SET
    has_inquiry = EXISTS (SELECT 1 FROM inquiries WHERE contact_id = new.contact_id AND status <> 'spam')
  WHERE id = new.contact_id;
END;
