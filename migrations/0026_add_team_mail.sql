-- Team mail and Slack mentions (docs/routing.md): where a new inquiry's mail goes when no member
-- is assigned, and per member their Slack user id (mentioned as <@U…>) and the language of their mail.
ALTER TABLE sites ADD COLUMN notification_email TEXT;          -- NULL: no team mail without an assignee
ALTER TABLE members ADD COLUMN slack_user_id TEXT;             -- e.g. U012AB3CD
ALTER TABLE members ADD COLUMN language TEXT CHECK (language IN ('ja', 'en'));   -- NULL: the site's language
