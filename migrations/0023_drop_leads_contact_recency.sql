-- leads_contact_recency (contact_id, last_seen_at) served the grade's "last download" per contact
-- before the contacts carried it (migration 0014's rollup). What still reads a contact's leads
-- (the rollup's recomputation after a delete, timelines, the lead outbox's "returning" test, the
-- inquiry's attribution stamp, counts) is served by leads_contact_time (contact_id, first_seen_at),
-- as EXPLAIN QUERY PLAN shows (bench/README.md). One B-tree less for every lead written, and for
-- every repeat download, which moves last_seen_at.
DROP INDEX IF EXISTS leads_contact_recency;
