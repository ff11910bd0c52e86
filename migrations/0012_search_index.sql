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
-- is keyed by the rows' rowid. Triggers keep it current in the same transaction as every write
-- (the collect batch, follow-ups, erasure, the retention purge, a site's deletion), so a row is
-- searchable as soon as it is stored and an erased person leaves no trace in the index.
-- `INSERT INTO contacts_fts(contacts_fts) VALUES ('rebuild')` rebuilds an index from its view.

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

-- Contacts: a new contact; a name or company filled in later (the collect upsert only ever
-- fills empty ones: the WHEN clause makes a repeat submission cost nothing here); deletion.
CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO contacts_fts (rowid, name, company, email)
  VALUES (new.rowid, coalesce(new.name, '') || char(1, 1), coalesce(new.company, '') || char(1, 1),
          new.email || char(1, 1));
END;

CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, company, email ON contacts
WHEN old.name IS NOT new.name OR old.company IS NOT new.company OR old.email IS NOT new.email BEGIN
  INSERT INTO contacts_fts (contacts_fts, rowid, name, company, email)
  VALUES ('delete', old.rowid, coalesce(old.name, '') || char(1, 1), coalesce(old.company, '') || char(1, 1),
          old.email || char(1, 1));
  INSERT INTO contacts_fts (rowid, name, company, email)
  VALUES (new.rowid, coalesce(new.name, '') || char(1, 1), coalesce(new.company, '') || char(1, 1),
          new.email || char(1, 1));
END;

CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
  INSERT INTO contacts_fts (contacts_fts, rowid, name, company, email)
  VALUES ('delete', old.rowid, coalesce(old.name, '') || char(1, 1), coalesce(old.company, '') || char(1, 1),
          old.email || char(1, 1));
END;

-- Inquiries: the message is written once by the collect batch (a follow-up never changes it).
CREATE TRIGGER inquiries_fts_insert AFTER INSERT ON inquiries BEGIN
  INSERT INTO inquiries_fts (rowid, message) VALUES (new.rowid, new.message || char(1, 1));
END;

CREATE TRIGGER inquiries_fts_update AFTER UPDATE OF message ON inquiries
WHEN old.message IS NOT new.message BEGIN
  INSERT INTO inquiries_fts (inquiries_fts, rowid, message) VALUES ('delete', old.rowid, old.message || char(1, 1));
  INSERT INTO inquiries_fts (rowid, message) VALUES (new.rowid, new.message || char(1, 1));
END;

CREATE TRIGGER inquiries_fts_delete AFTER DELETE ON inquiries BEGIN
  INSERT INTO inquiries_fts (inquiries_fts, rowid, message) VALUES ('delete', old.rowid, old.message || char(1, 1));
END;

-- The rows stored before this migration.
INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
INSERT INTO inquiries_fts (inquiries_fts) VALUES ('rebuild');
