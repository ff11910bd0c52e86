-- hikiai schema. Times are Unix epoch milliseconds (INTEGER); ids are UUID text made by the Worker.
-- Deduplication lives here, in UNIQUE indexes, so concurrent requests cannot both insert.

CREATE TABLE sites (
  id              TEXT PRIMARY KEY,
  site_key        TEXT NOT NULL UNIQUE,            -- public, embedded in the script tag
  name            TEXT NOT NULL,
  allowed_origins TEXT NOT NULL DEFAULT '[]',      -- JSON array of origins, "*" allows any
  disabled_at     INTEGER,                         -- set: collection refused with 403
  created_at      INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  key_hash     TEXT NOT NULL UNIQUE,               -- SHA-256 hex of the secret; the secret is never stored
  label        TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  revoked_at   INTEGER
);

-- One row per person per site: the e-mail is stored normalised (NFKC, trimmed, lower-case).
CREATE TABLE contacts (
  id          TEXT PRIMARY KEY,
  site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  email       TEXT NOT NULL,
  name        TEXT,
  company     TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (site_id, email)
);

-- A lead is a resource download. Repeats by the same contact within 24 h of first_seen_at
-- are folded into the open row (download_count, last_seen_at); `window_open` is cleared once
-- the 24 h have passed, so the partial unique index below allows a new row after that.
CREATE TABLE leads (
  id              TEXT PRIMARY KEY,
  site_id         TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  contact_id      TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  resource_id     TEXT NOT NULL,
  download_count  INTEGER NOT NULL DEFAULT 1,
  window_open     INTEGER NOT NULL DEFAULT 1,
  page_url        TEXT NOT NULL,
  referrer        TEXT,
  utm_source      TEXT,
  utm_medium      TEXT,
  utm_campaign    TEXT,
  utm_term        TEXT,
  utm_content     TEXT,
  locale          TEXT,
  first_seen_at   INTEGER NOT NULL,
  last_seen_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX leads_open_window ON leads (contact_id, resource_id) WHERE window_open = 1;
CREATE INDEX leads_site_time ON leads (site_id, first_seen_at DESC, id DESC);

-- An inquiry is a quote / demo / contact request with a follow-up status.
-- The same contact sending the same kind and message within 24 h is one inquiry
-- (same window mechanism as leads, keyed on the message text).
CREATE TABLE inquiries (
  id              TEXT PRIMARY KEY,
  site_id         TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  contact_id      TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('quote', 'demo', 'contact')),
  message         TEXT NOT NULL DEFAULT '',
  preferred_time  TEXT,
  status          TEXT NOT NULL DEFAULT 'new'
                  CHECK (status IN ('new', 'contacted', 'qualified', 'won', 'lost', 'spam')),
  window_open     INTEGER NOT NULL DEFAULT 1,
  page_url        TEXT NOT NULL,
  referrer        TEXT,
  utm_source      TEXT,
  utm_medium      TEXT,
  utm_campaign    TEXT,
  utm_term        TEXT,
  utm_content     TEXT,
  locale          TEXT,
  created_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX inquiries_open_window ON inquiries (contact_id, kind, message) WHERE window_open = 1;
CREATE INDEX inquiries_site_time ON inquiries (site_id, created_at DESC, id DESC);

-- Exactly-once: the widget's submission id (reused on every retry) maps to the record it made.
CREATE TABLE submissions (
  site_id        TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  submission_id  TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('lead', 'inquiry')),
  record_id      TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  PRIMARY KEY (site_id, submission_id)
) WITHOUT ROWID;
