-- Routing rules (docs/routing.md): per site an ordered list; the queue consumer assigns a new
-- inquiry by the first rule that matches it, to one member or round robin among a group.

CREATE TABLE routing_rules (
  id                  TEXT PRIMARY KEY,
  site_id             TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  position            INTEGER NOT NULL,              -- 1, 2, …: "rule 3" is the third; first match wins
  name                TEXT NOT NULL DEFAULT '',
  conditions          TEXT NOT NULL DEFAULT '{}',    -- JSON (shared/routing.ts); {} matches every inquiry
  action              TEXT NOT NULL CHECK (action IN ('assign', 'round_robin')),
  member_ids          TEXT NOT NULL,                 -- JSON array of member ids, in turn order
  business_hours_only INTEGER NOT NULL DEFAULT 0,
  turns               INTEGER NOT NULL DEFAULT 0,    -- inquiries it assigned: the round robin's counter,
                                                     -- advanced by one UPDATE … RETURNING per assignment
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE INDEX routing_rules_site ON routing_rules (site_id, position);

-- The follow-up history also records assignments made by a rule: exactly one of key, member or
-- rule wrote each row. rule_number is the rule's position when it assigned ("assigned by rule 3"
-- stays true after the rules are reordered or the rule removed). SQLite cannot change a CHECK in
-- place, so the table is rebuilt with its rows.
CREATE TABLE inquiry_history_new (
  id           TEXT PRIMARY KEY,
  site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  inquiry_id   TEXT NOT NULL REFERENCES inquiries(id) ON DELETE CASCADE,
  api_key_id   TEXT,                      -- not foreign keys: the history outlives keys, memberships and rules
  member_id    TEXT,
  rule_id      TEXT,
  rule_number  INTEGER,
  field        TEXT NOT NULL CHECK (field IN ('status', 'assignee', 'note')),
  from_value   TEXT,
  to_value     TEXT,
  changed_at   INTEGER NOT NULL,
  CHECK ((api_key_id IS NOT NULL) + (member_id IS NOT NULL) + (rule_id IS NOT NULL) = 1)
);
INSERT INTO inquiry_history_new (id, site_id, inquiry_id, api_key_id, member_id, field, from_value, to_value, changed_at)
  SELECT id, site_id, inquiry_id, api_key_id, member_id, field, from_value, to_value, changed_at FROM inquiry_history
  ORDER BY rowid;   -- keeps the order of changes made in the same millisecond
DROP TABLE inquiry_history;
ALTER TABLE inquiry_history_new RENAME TO inquiry_history;
CREATE INDEX inquiry_history_inquiry ON inquiry_history (inquiry_id, changed_at);
-- A rule assigns an inquiry at most once (the consumer's claim; queue redeliveries find it).
CREATE UNIQUE INDEX inquiry_history_routed ON inquiry_history (inquiry_id) WHERE rule_id IS NOT NULL;
