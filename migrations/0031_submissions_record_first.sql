-- Lists and CSV exports show the name and company typed with each lead or inquiry: its first
-- submission's (db/typed-contact.ts), looked up per row. With the index on record_id alone each
-- look-up read the index, then the table row of every submission for the time and the fields,
-- then sorted them. This index holds the time and both fields, in order, so the first submission
-- is its first entry for the record: one index page per row, no table read, no sort. It replaces
-- submissions_record: every query by record_id uses its leading column.
CREATE INDEX submissions_record_first ON submissions (record_id, created_at, name, company);
DROP INDEX submissions_record;
