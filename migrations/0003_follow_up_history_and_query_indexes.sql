-- Follow-up history of inquiries, and the indexes the team API's lists, details, filters and
-- grades need to stay index searches at 100k inquiries / 1M leads (see README, "Indexes").

-- One row per changed field of a PATCH /v1/inquiries/:id: who (which API key), when, from, to.
-- api_key_id is not a foreign key: a revoked or deleted key must not erase the history it wrote.
CREATE TABLE inquiry_history (
  id          TEXT PRIMARY KEY,
  site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  inquiry_id  TEXT NOT NULL REFERENCES inquiries(id) ON DELETE CASCADE,
  api_key_id  TEXT NOT NULL,
  field       TEXT NOT NULL CHECK (field IN ('status', 'assignee', 'note')),
  from_value  TEXT,
  to_value    TEXT,
  changed_at  INTEGER NOT NULL
);
CREATE INDEX inquiry_history_inquiry ON inquiry_history (inquiry_id, changed_at);

-- A person's timeline and grade start from the contact: their inquiries in time order (and "any
-- inquiry?"), and their downloads by recency (count and last download read from the index alone).
-- Leads in first-download order per contact (timeline, `resource` of inquiries) are 0005's
-- leads_contact_time.
CREATE INDEX inquiries_contact_time ON inquiries (contact_id, created_at);
CREATE INDEX leads_contact_recency ON leads (contact_id, last_seen_at);

-- The follow-up queue (`status=new`) and "who downloaded the price list" (`resource=`) read in
-- list order straight from these, however rare the value.
CREATE INDEX inquiries_site_status_time ON inquiries (site_id, status, created_at DESC, id DESC);
CREATE INDEX leads_site_resource_time ON leads (site_id, resource_id, first_seen_at DESC, id DESC);
