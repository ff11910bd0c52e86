-- The resources a site gates (worker/db/resources.ts): what the id the host page sends stands
-- for, and how the file reaches the visitor: on the page at once (`page`, as before), or by a
-- signed link mailed to the address typed (`mail`), which proves the address real.
CREATE TABLE resources (
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  resource_id TEXT NOT NULL,
  title TEXT NOT NULL,
  file_url TEXT NOT NULL,
  delivery TEXT NOT NULL DEFAULT 'page' CHECK (delivery IN ('page', 'mail')),
  -- How long a mailed link works and how many times it may be opened.
  link_days INTEGER NOT NULL DEFAULT 7,
  link_uses INTEGER NOT NULL DEFAULT 5,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, resource_id)
) WITHOUT ROWID;

-- The first time a mailed link of the contact's was opened: the address reaches them.
ALTER TABLE contacts ADD COLUMN email_verified_at INTEGER;
-- A mailed link's first opening (the lead's file downloaded) and how often it was opened.
ALTER TABLE leads ADD COLUMN downloaded_at INTEGER;
ALTER TABLE leads ADD COLUMN link_opens INTEGER NOT NULL DEFAULT 0;
