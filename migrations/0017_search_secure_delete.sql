-- An erasure (POST /v1/personal-data/erase) must leave nothing of the person readable, and FTS5
-- by default deletes by writing a delete marker: the removed row's tokens stay in the index's
-- shadow tables (contacts_fts_data, inquiries_fts_data) until a merge happens to rewrite their
-- segment. With 'secure-delete' every delete from these indexes (an erasure, the retention purge,
-- a site's deletion, a contact's renamed name or company) removes the tokens from the segments
-- at once, at the cost of some more page writes per delete; the collect path deletes from them
-- only when an already indexed contact's name or company changes.
INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO inquiries_fts (inquiries_fts, rank) VALUES ('secure-delete', 1);
-- Tokens left by deletes before this migration: merged away once.
INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize');
INSERT INTO inquiries_fts (inquiries_fts) VALUES ('optimize');
