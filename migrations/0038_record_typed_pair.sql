-- Each lead and inquiry shows the name and company typed with it, its first submission's
-- (db/typed-contact.ts). Looked up per row in submissions_record_first, that was a random index
-- read per row of every list and most of an export's SQL; the collect batch now writes the pair
-- on the record it creates. '' is a field the submission left empty, NULL a record with no
-- submission (seeded or older), which shows its contact's: the pair read as before, with no
-- look-up. The same row gives both fields, as the look-up did.
ALTER TABLE leads ADD COLUMN typed_name TEXT;
ALTER TABLE leads ADD COLUMN typed_company TEXT;
ALTER TABLE inquiries ADD COLUMN typed_name TEXT;
ALTER TABLE inquiries ADD COLUMN typed_company TEXT;
UPDATE leads SET (typed_name, typed_company) = (
  SELECT coalesce(s.name, ''), coalesce(s.company, '') FROM submissions s
  WHERE s.record_id = leads.id ORDER BY s.created_at LIMIT 1);
UPDATE inquiries SET (typed_name, typed_company) = (
  SELECT coalesce(s.name, ''), coalesce(s.company, '') FROM submissions s
  WHERE s.record_id = inquiries.id ORDER BY s.created_at LIMIT 1);
