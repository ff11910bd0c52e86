-- GET /v1/forms/stats reads the fields of the form and page pairs it lists (at most 100), not all
-- of them: this index finds one pair's days in a range with one seek (the primary key, day first,
-- would read every pair's rows of the range). It holds the counts, so the read touches no table
-- row. The flush's UPSERTs keep one more B-tree entry per field counter; statements per flush are
-- the same.
CREATE INDEX form_field_stats_pair ON form_field_stats (site_id, form, page, day, field, errors, abandons);
