-- (Runs after 0005_stats_indexes.sql: file names sort.) GET /v1/stats over 90 days at 1M leads
-- in well under 200 ms (README, "Benchmarks").

-- What led to each inquiry, stamped when
-- it is stored by the collect batch (worker/db/inquiry-attribution.ts), so that the stats'
-- conversion and top resources / campaigns read one index of inquiries: joining each inquiry to
-- its contact's leads cost ~0.5 s per 90-day request at 1M leads (README, "Benchmarks").

-- The contact's first lead, when it came before this inquiry (NULL: none had).
ALTER TABLE inquiries ADD COLUMN first_lead_at INTEGER;
-- JSON arrays: the distinct resources the contact downloaded before asking, and the distinct
-- utm_campaign values of those leads plus the inquiry's own.
ALTER TABLE inquiries ADD COLUMN lead_resources TEXT NOT NULL DEFAULT '[]';
ALTER TABLE inquiries ADD COLUMN lead_campaigns TEXT NOT NULL DEFAULT '[]';

UPDATE inquiries SET
  first_lead_at = (SELECT min(first_seen_at) FROM leads l
                   WHERE l.contact_id = inquiries.contact_id AND l.first_seen_at <= inquiries.created_at),
  lead_resources = (SELECT json_group_array(DISTINCT resource_id) FROM leads l
                    WHERE l.contact_id = inquiries.contact_id AND l.first_seen_at <= inquiries.created_at),
  lead_campaigns = (SELECT json_group_array(DISTINCT campaign) FROM (
                      SELECT utm_campaign AS campaign FROM leads l
                      WHERE l.contact_id = inquiries.contact_id AND l.first_seen_at <= inquiries.created_at
                      UNION SELECT inquiries.utm_campaign
                    ) WHERE campaign IS NOT NULL);

-- Covers every inquiry figure of the stats: counts by kind (spam left out), response times,
-- still `new`, conversion (first lead, per contact) and what led to the inquiry.
DROP INDEX IF EXISTS inquiries_site_stats; -- made narrower by an earlier version of 0005_stats_indexes
CREATE INDEX inquiries_site_stats ON inquiries
  (site_id, created_at, kind, status, first_response_at, first_lead_at, contact_id, lead_resources, lead_campaigns);

-- Counting a range of leads reads only (site, time) entries: 3-5x faster than leads_site_time,
-- whose entries also carry the text id for the lists' keyset cursors.
CREATE INDEX leads_site_first_seen ON leads (site_id, first_seen_at);
