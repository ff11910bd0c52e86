-- Columns several team-API features share: the site's time zone (stats buckets, digests),
-- key scopes and last use (writes need `write`), and the follow-up fields of an inquiry.

-- IANA zone; buckets of /v1/stats follow its day and week boundaries. Most of our users are in Japan.
ALTER TABLE sites ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Tokyo';

-- Keys made before scopes existed could only read, so that is what they keep.
ALTER TABLE api_keys ADD COLUMN scope TEXT NOT NULL DEFAULT 'read' CHECK (scope IN ('read', 'write'));
ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;

ALTER TABLE inquiries ADD COLUMN assignee TEXT;
ALTER TABLE inquiries ADD COLUMN note TEXT;
-- Set once, by the first status change away from `new`: the first-response time is this minus created_at.
ALTER TABLE inquiries ADD COLUMN first_response_at INTEGER;
ALTER TABLE inquiries ADD COLUMN updated_at INTEGER;
