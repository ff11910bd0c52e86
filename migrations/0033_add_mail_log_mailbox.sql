-- The mail caps count per inbox, not per address as typed: `name+1@`, `name+2@` and Gmail's
-- `n.ame@` all reach `name@`, so counting them apart let one site mail one inbox its hourly cap
-- instead of 3 a day. `mailbox` is shared/email.ts mailboxKey(recipient), written by
-- worker/db/mail-log.ts; the caps count rows by it.
ALTER TABLE mail_log ADD COLUMN mailbox TEXT NOT NULL DEFAULT '';
-- Rows written before: their address as the inbox (only the last 24 h count toward a cap).
UPDATE mail_log SET mailbox = recipient;
CREATE INDEX mail_log_mailbox ON mail_log (site_id, mailbox, created_at);
