-- First- and last-touch attribution (JSON: {landingUrl, referrer?, utm?, at}) and hidden fields
-- (JSON object of short strings) as the widget sent them with the submission. JSON, not columns
-- per part: they are shown whole by the API, and json_extract() reaches into them when needed.
ALTER TABLE leads ADD COLUMN first_touch TEXT;
ALTER TABLE leads ADD COLUMN last_touch TEXT;
ALTER TABLE leads ADD COLUMN hidden TEXT;
ALTER TABLE inquiries ADD COLUMN first_touch TEXT;
ALTER TABLE inquiries ADD COLUMN last_touch TEXT;
ALTER TABLE inquiries ADD COLUMN hidden TEXT;
