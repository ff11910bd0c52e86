-- GET /v1/stats reads only indexes (no table rows for the per-bucket counts), so a 90-day range
-- over a million leads stays well under 200 ms without a rollup table (figures in the README).

-- When the contact's first lead (download) was stored: the lead→inquiry conversion counts
-- contacts whose first lead falls in the range. Kept by the collect batch's contact upsert
-- (no extra statement); backfilled here for rows stored before.
ALTER TABLE contacts ADD COLUMN first_lead_at INTEGER;
UPDATE contacts SET first_lead_at = (SELECT min(first_seen_at) FROM leads WHERE leads.contact_id = contacts.id);

CREATE INDEX contacts_site_created ON contacts (site_id, created_at);
CREATE INDEX contacts_site_first_lead ON contacts (site_id, first_lead_at) WHERE first_lead_at IS NOT NULL;

-- Covers every per-range inquiry figure: counts by kind, spam left out, response times, still `new`,
-- and the contact to follow to its leads.
CREATE INDEX inquiries_site_stats ON inquiries (site_id, created_at, kind, status, first_response_at, contact_id);

-- A contact's leads in time order: which resources and campaigns came before an inquiry.
CREATE INDEX leads_contact_time ON leads (contact_id, first_seen_at);
