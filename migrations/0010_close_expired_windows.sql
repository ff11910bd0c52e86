-- The collect batch used to close an expired 24 h window (a lead's repeat downloads, an
-- inquiry's repeats) with an UPDATE statement of its own before inserting. Each statement of
-- the batch costs a round of (de)serialisation on top of its SQL, and the collect path must stay
-- at >= 0.8x one raw INSERT (README, Benchmarks), so SQLite does it inside the INSERT instead:
-- a BEFORE INSERT trigger runs before the partial unique index is checked, so the insert's
-- ON CONFLICT only ever meets a window of the last 24 h (86,400,000 ms:
-- LEAD_REPEAT_WINDOW_MS and INQUIRY_REPEAT_WINDOW_MS in worker/db/leads.ts, inquiries.ts).
CREATE TRIGGER leads_close_expired_window BEFORE INSERT ON leads
BEGIN
  UPDATE leads SET window_open = 0
  WHERE window_open = 1 AND contact_id = NEW.contact_id AND resource_id = NEW.resource_id
    AND first_seen_at <= NEW.first_seen_at - 86400000;
END;

CREATE TRIGGER inquiries_close_expired_window BEFORE INSERT ON inquiries
BEGIN
  UPDATE inquiries SET window_open = 0
  WHERE window_open = 1 AND contact_id = NEW.contact_id AND kind = NEW.kind AND dedupe_key = NEW.dedupe_key
    AND created_at <= NEW.created_at - 86400000;
END;
