-- The daily digest by mail (docs/notifications.md), beside or instead of Slack: who of the site's
-- members gets it. Sorts after 0026_add_team_mail (same reserved number, second file).
ALTER TABLE sites ADD COLUMN digest_mail TEXT NOT NULL DEFAULT 'off' CHECK (digest_mail IN ('off', 'admins', 'everyone'));
