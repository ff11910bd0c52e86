-- The collect path's integrity (issues 7 and 8): submission ids scoped by kind with a body hash
-- (IETF Idempotency-Key draft), per-submission history of name/company and the consent record,
-- refusal and bot-trap counters, URL policy and Turnstile per site, and inquiry dedupe on
-- everything the visitor typed.

-- `submissions` is rebuilt because its primary key gains `kind`: an id reused for a lead and then
-- an inquiry names two submissions, not one. SQLite cannot change a primary key in place.
CREATE TABLE submissions_v4 (
  site_id              TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  kind                 TEXT NOT NULL CHECK (kind IN ('lead', 'inquiry')),
  submission_id        TEXT NOT NULL,
  record_id            TEXT NOT NULL,
  -- SHA-256 hex of the validated body (without turnstileToken); NULL for rows stored before 0004.
  body_hash            TEXT,
  -- What this submission said, kept even when the contact keeps other values (contact poisoning).
  name                 TEXT,
  company              TEXT,
  -- The consent the visitor gave with this submission; the time is created_at.
  consent_version      TEXT,
  consent_privacy_url  TEXT,
  created_at           INTEGER NOT NULL,
  PRIMARY KEY (site_id, kind, submission_id)
) WITHOUT ROWID;
INSERT INTO submissions_v4 (site_id, kind, submission_id, record_id, created_at)
  SELECT site_id, kind, submission_id, record_id, created_at FROM submissions;
DROP TABLE submissions;
ALTER TABLE submissions_v4 RENAME TO submissions;
-- A record's submissions (history, consent in the API, per-person erasure).
CREATE INDEX submissions_record ON submissions (record_id);

-- An inquiry repeat is a duplicate only when everything the visitor typed is the same:
-- dedupe_key is a hash of message, preferred time, name and company (see worker/db/inquiries.ts).
-- Rows from before 0004 have no key and so never absorb a new inquiry.
ALTER TABLE inquiries ADD COLUMN dedupe_key TEXT;
DROP INDEX inquiries_open_window;
CREATE UNIQUE INDEX inquiries_open_window ON inquiries (contact_id, kind, dedupe_key) WHERE window_open = 1;

-- 1: store pageUrl/referrer in full; 0 (default): origin, path, UTM and click ids only.
ALTER TABLE sites ADD COLUMN full_urls INTEGER NOT NULL DEFAULT 0;
-- Cloudflare Turnstile, off while NULL. The site key is public (the widget renders the challenge);
-- the secret verifies tokens server-side.
ALTER TABLE sites ADD COLUMN turnstile_site_key TEXT;
ALTER TABLE sites ADD COLUMN turnstile_secret TEXT;

-- Collect requests of a known site that were refused (403, 400, 413, 415, 429) or silently
-- dropped as bots (code `honeypot`, `too_fast`), per UTC day and Origin ('' = no Origin header).
CREATE TABLE refusals (
  site_id  TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  day      TEXT NOT NULL,
  origin   TEXT NOT NULL,
  code     TEXT NOT NULL,
  count    INTEGER NOT NULL,
  last_at  INTEGER NOT NULL,
  PRIMARY KEY (site_id, day, origin, code)
) WITHOUT ROWID;
