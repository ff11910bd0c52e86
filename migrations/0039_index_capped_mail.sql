-- Mail a cap held back, by kind and when it was held: the notification cron finds the team mail
-- of each closed hour that the site's hourly cap held back and mails one summary for it
-- (worker/routing/held-team-mail.ts). Only capped rows are in it, so it stays small.
CREATE INDEX mail_log_capped ON mail_log (kind, claimed_at) WHERE status = 'capped';
