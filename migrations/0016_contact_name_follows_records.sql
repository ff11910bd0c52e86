-- A contact's name and company follow its records (worker/db/contacts.ts): the pair typed with
-- its latest inquiry not marked spam, else with its latest download that gave either. The collect
-- upsert keeps it as submissions arrive; this trigger recomputes it when an inquiry is marked spam
-- or unmarked (PATCH /v1/inquiries/:id), off the collect path, which never sets a status. A
-- contact none of whose records has such a submission row (all spam, or stored before
-- submissions kept names) keeps what it has.
CREATE TRIGGER inquiries_contact_name_status AFTER UPDATE OF status ON inquiries
WHEN (old.status = 'spam') <> (new.status = 'spam') BEGIN
  UPDATE contacts SET (name, company) = (
    SELECT s.name, s.company FROM (
      SELECT id, 1 AS inquiry FROM inquiries WHERE contact_id = new.contact_id AND status <> 'spam'
      UNION ALL SELECT id, 0 FROM leads WHERE contact_id = new.contact_id
    ) r JOIN submissions s ON s.record_id = r.id
    WHERE r.inquiry OR s.name IS NOT NULL OR s.company IS NOT NULL
    ORDER BY r.inquiry DESC, s.created_at DESC LIMIT 1)
  WHERE id = new.contact_id AND EXISTS (
    SELECT 1 FROM submissions s WHERE s.record_id IN (
      SELECT id FROM inquiries WHERE contact_id = new.contact_id AND status <> 'spam'
      UNION ALL SELECT id FROM leads WHERE contact_id = new.contact_id)
    AND (s.kind = 'inquiry' OR s.name IS NOT NULL OR s.company IS NOT NULL));
END;
