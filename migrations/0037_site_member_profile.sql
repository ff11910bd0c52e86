-- A member's display name, Slack user id and mail language are per site (docs/dashboard-sign-in.md,
-- "Members"): the person is one `members` row across sites, but what each site's admins call them,
-- their id in that site's Slack workspace and the language of that site's mail to them belong to
-- that site. Held on `members`, an admin of one site could read and overwrite what another site set
-- (its Slack mentions and team mail then used them). Each site row gets the values the person has
-- today, so nothing changes on upgrade; then the per-person Slack id and language go.
-- `members.name` stays: the name the person was first added with, shown where no site is chosen
-- (GET /v1/me) and never changed by adding them to another site.
ALTER TABLE site_members ADD COLUMN name TEXT;                  -- NULL: show the e-mail
ALTER TABLE site_members ADD COLUMN slack_user_id TEXT;         -- e.g. U012AB3CD, in this site's workspace
ALTER TABLE site_members ADD COLUMN language TEXT CHECK (language IN ('ja', 'en'));   -- NULL: the site's language

UPDATE site_members SET
  name = (SELECT m.name FROM members m WHERE m.id = site_members.member_id),
  slack_user_id = (SELECT m.slack_user_id FROM members m WHERE m.id = site_members.member_id),
  language = (SELECT m.language FROM members m WHERE m.id = site_members.member_id);

ALTER TABLE members DROP COLUMN slack_user_id;
ALTER TABLE members DROP COLUMN language;
