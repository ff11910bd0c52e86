-- Personal data (APPI / GDPR): how long a site keeps it, and a record of every erasure that
-- holds no personal data itself (no e-mail, no hash of it, no contact id): when, why, by which
-- API key, and how many rows of each kind went.

-- Leads, inquiries and contacts older than this are purged by the daily cron (worker/scheduled.ts).
-- 24 months: long enough for B2B sales cycles and year-on-year reports, short enough to honour
-- "no longer than necessary". 1–120; set per site with the CLI or SQL.
ALTER TABLE sites ADD COLUMN retention_months INTEGER NOT NULL DEFAULT 24
  CHECK (retention_months BETWEEN 1 AND 120);

CREATE TABLE erasures (
  id           TEXT PRIMARY KEY,
  site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  reason       TEXT NOT NULL CHECK (reason IN ('request', 'retention')),
  api_key_id   TEXT,                      -- the key that asked (not a foreign key: outlives the key); NULL for retention
  erased_at    INTEGER NOT NULL,
  contacts     INTEGER NOT NULL,
  leads        INTEGER NOT NULL,
  inquiries    INTEGER NOT NULL,
  submissions  INTEGER NOT NULL,
  history      INTEGER NOT NULL           -- follow-up history rows of the erased inquiries
);
CREATE INDEX erasures_site_time ON erasures (site_id, erased_at);
