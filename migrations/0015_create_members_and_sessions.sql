-- People who sign in to the dashboard (docs/dashboard-sign-in.md): one `members` row per person,
-- their role on each site in `site_members` (one person may work on several sites), one-time
-- sign-in links and server-side sessions. Links and sessions are stored by the SHA-256 of their
-- token only: a copy of the database cannot be used to sign in.

CREATE TABLE members (
  id          TEXT PRIMARY KEY,
  email       TEXT NOT NULL UNIQUE,      -- normalised (shared/email.ts): one person, one row
  name        TEXT,                      -- display name; NULL shows the e-mail
  created_at  INTEGER NOT NULL
);

CREATE TABLE site_members (
  site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  role        TEXT NOT NULL CHECK (role IN ('viewer', 'member', 'admin')),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (site_id, member_id)
) WITHOUT ROWID;
-- "Which sites may this person open" (GET /v1/me, the site switcher).
CREATE INDEX site_members_member ON site_members (member_id);

CREATE TABLE sign_in_links (
  token_hash  TEXT PRIMARY KEY,
  member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  site_id     TEXT REFERENCES sites(id) ON DELETE CASCADE,   -- the site it was asked for
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER                    -- set by the one UPDATE that consumes it
);

CREATE TABLE sessions (
  token_hash    TEXT PRIMARY KEY,
  member_id     TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  via           TEXT NOT NULL CHECK (via IN ('link', 'access')),
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,        -- slides forward while the session is used (idle limit)
  revoked_at    INTEGER
);
-- Revoking a person's sessions (removed from a site, sign-out everywhere).
CREATE INDEX sessions_member ON sessions (member_id);

-- Follow-up history is written by an API key or by a signed-in member: exactly one of the two.
-- SQLite cannot relax NOT NULL in place, so the table is rebuilt with its rows.
CREATE TABLE inquiry_history_new (
  id          TEXT PRIMARY KEY,
  site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  inquiry_id  TEXT NOT NULL REFERENCES inquiries(id) ON DELETE CASCADE,
  api_key_id  TEXT,                      -- not foreign keys: the history outlives keys and memberships
  member_id   TEXT,
  field       TEXT NOT NULL CHECK (field IN ('status', 'assignee', 'note')),
  from_value  TEXT,
  to_value    TEXT,
  changed_at  INTEGER NOT NULL,
  CHECK ((api_key_id IS NULL) <> (member_id IS NULL))
);
INSERT INTO inquiry_history_new (id, site_id, inquiry_id, api_key_id, member_id, field, from_value, to_value, changed_at)
  SELECT id, site_id, inquiry_id, api_key_id, NULL, field, from_value, to_value, changed_at FROM inquiry_history
  ORDER BY rowid;   -- keeps the order of changes made in the same millisecond
DROP TABLE inquiry_history;
ALTER TABLE inquiry_history_new RENAME TO inquiry_history;
CREATE INDEX inquiry_history_inquiry ON inquiry_history (inquiry_id, changed_at);

-- An erasure asked for by a signed-in admin names the member instead of a key.
ALTER TABLE erasures ADD COLUMN member_id TEXT;
