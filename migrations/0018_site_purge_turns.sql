-- The retention purge (worker/db/retention.ts, worker/scheduled.ts) takes the sites in turns:
-- a site is due until a run has purged everything it had expired that UTC day (purged_at), and
-- the due sites go in the order they last had a turn (purge_turn_at), so a site with a large
-- backlog takes one turn and goes to the back of the line instead of keeping the budget.
ALTER TABLE sites ADD COLUMN purged_at INTEGER;
ALTER TABLE sites ADD COLUMN purge_turn_at INTEGER;
