-- `q` of the team API's lists (name, company, e-mail, message) through FTS5 trigram indexes
-- instead of a LIKE scan of the whole site (1.8 s at 100k inquiries). worker/db/search.ts
-- builds the queries; README ("What `q` matches") says what matches.
--
-- The trigram tokenizer indexes every 3-character sequence, so any substring of 3 or more
-- characters is found without word boundaries (Japanese works) and case-insensitively. Each
-- value is indexed with two U+0001 characters appended (the views below): every 1- or
-- 2-character substring is then the start of some indexed trigram, and a short `q` is answered
-- from the index too (the trigrams that start with it, found in the fts5vocab tables).
--
-- External content: the index stores no copy of the text (it reads the views when rebuilt), and
-- is keyed by the rows' rowid.
--
-- Off the collect path: a new contact or inquiry only appends its rowid to `search_pending`
-- (one small insert in the collect batch, where indexing it would cost the FTS write in every
-- submission's transaction). db/search.ts indexes the pending rows in one batch before every
-- search (so a search always sees every stored row) and the 5-minute cron drains the rest. A
-- change or deletion of an indexed row updates the index in its own transaction (a name filled
-- in later, erasure, the retention purge, a site's deletion), so an erased person leaves no
-- trace in the index; a pending row is only dropped from the queue.
-- `INSERT INTO contacts_fts(contacts_fts) VALUES ('rebuild')` rebuilds an index from its view.

CREATE TABLE search_pending (
  tbl TEXT NOT NULL CHECK (tbl IN ('contacts', 'inquiries')),
  rid INTEGER NOT NULL,
  PRIMARY KEY (tbl, rid)
) WITHOUT ROWID;

CREATE VIEW contacts_search_text AS
  SELECT rowid AS rid,
         coalesce(name, '') || char(1, 1) AS name,
         coalesce(company, '') || char(1, 1) AS company,
         email || char(1, 1) AS email
  FROM contacts;

CREATE VIRTUAL TABLE contacts_fts USING fts5(
  name, company, email,
  content = 'contacts_search_text', content_rowid = 'rid', tokenize = 'trigram'
);
CREATE VIRTUAL TABLE contacts_fts_terms USING fts5vocab(contacts_fts, row);

CREATE VIEW inquiries_search_text AS
  SELECT rowid AS rid, message || char(1, 1) AS message FROM inquiries;

CREATE VIRTUAL TABLE inquiries_fts USING fts5(
  message,
  content = 'inquiries_search_text', content_rowid = 'rid', tokenize = 'trigram'
);
CREATE VIRTUAL TABLE inquiries_fts_terms USING fts5vocab(inquiries_fts, row);

-- Contacts: a new one is queued; a name or company filled in later (the collect upsert only
-- ever fills empty ones; the WHEN clause makes a repeat submission cost nothing here) takes the
-- indexed row out of the index and queues it again; a deletion takes it out of index and queue.
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO search_pending (tbl, rid) VALUES ('contacts', new.rowid);
END;

CREATE TRIGGER contacts_search_update AFTER UPDATE OF name, company, email ON contacts
WHEN old.name IS NOT new.name OR old.company IS NOT new.company OR old.email IS NOT new.email BEGIN
  INSERT INTO contacts_fts (contacts_fts, rowid, name, company, email)
  SELECT 'delete', old.rowid, coalesce(old.name, '') || char(1, 1), coalesce(old.company, '') || char(1, 1),
         old.email || char(1, 1)
  WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE tbl = 'contacts' AND rid = old.rowid);
  -- Not INSERT OR IGNORE: the upsert that fires this trigger would override that conflict policy.
  INSERT INTO search_pending (tbl, rid)
  SELECT 'contacts', new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE tbl = 'contacts' AND rid = new.rowid);
END;

CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
  INSERT INTO contacts_fts (contacts_fts, rowid, name, company, email)
  SELECT 'delete', old.rowid, coalesce(old.name, '') || char(1, 1), coalesce(old.company, '') || char(1, 1),
         old.email || char(1, 1)
  WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE tbl = 'contacts' AND rid = old.rowid);
  DELETE FROM search_pending WHERE tbl = 'contacts' AND rid = old.rowid;
END;

-- Inquiries: the same; the message is written once by the collect batch (a follow-up never
-- changes it, but a change would be followed).
CREATE TRIGGER inquiries_search_insert AFTER INSERT ON inquiries BEGIN
  INSERT INTO search_pending (tbl, rid) VALUES ('inquiries', new.rowid);
END;

CREATE TRIGGER inquiries_search_update AFTER UPDATE OF message ON inquiries
WHEN old.message IS NOT new.message BEGIN
  INSERT INTO inquiries_fts (inquiries_fts, rowid, message)
  SELECT 'delete', old.rowid, old.message || char(1, 1)
  WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE tbl = 'inquiries' AND rid = old.rowid);
  -- Not INSERT OR IGNORE: the upsert that fires this trigger would override that conflict policy.
  INSERT INTO search_pending (tbl, rid)
  SELECT 'inquiries', new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE tbl = 'inquiries' AND rid = new.rowid);
END;

CREATE TRIGGER inquiries_search_delete AFTER DELETE ON inquiries BEGIN
  INSERT INTO inquiries_fts (inquiries_fts, rowid, message)
  SELECT 'delete', old.rowid, old.message || char(1, 1)
  WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE tbl = 'inquiries' AND rid = old.rowid);
  DELETE FROM search_pending WHERE tbl = 'inquiries' AND rid = old.rowid;
END;

-- The rows stored before this migration (none pending).
INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
INSERT INTO inquiries_fts (inquiries_fts) VALUES ('rebuild');
