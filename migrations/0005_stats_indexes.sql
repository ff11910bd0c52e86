-- GET /v1/stats reads only indexes, never table rows (with 0005_stats_speed.sql's), so a 90-day
-- range over a million leads stays under 200 ms (figures in the README).

-- When the contact's first lead (download) was stored: the lead→inquiry conversion counts
-- contacts whose first lead falls in the range. Kept by the collect batch's contact upsert
-- (no extra statement); backfilled here for rows stored before.
ALTER TABLE contacts ADD COLUMN first_lead_at INTEGER;
UPDATE contacts SET first_lead_at = (SELECT min(first_seen_at) FROM leads WHERE leads.contact_id = contacts.id);

CREATE INDEX contacts_site_created ON contacts (site_id, created_at);
CREATE INDEX contacts_site_first_lead ON contacts (site_id, first_lead_at) WHERE first_lead_at IS NOT NULL;

-- The inquiries' covering index and the leads' counting index are in 0005_stats_speed.sql.

-- A contact's leads in time order: what the collect batch stamps on a new inquiry, and timelines.
CREATE INDEX leads_contact_time ON leads (contact_id, first_seen_at);
