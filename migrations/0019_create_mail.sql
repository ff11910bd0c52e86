-- Mail to people (docs/mail.md): a log with one row per mail that should go out, the addresses
-- the provider refused for good, and the visitor auto-reply's settings.

-- One row per (kind, mail_key): the UNIQUE pair is what makes a mail go out at most once, whatever
-- retries, redeliveries or duplicates ask for it again (worker/mail/send.ts). `recipient` is the
-- normalised address (shared/email.ts); the caps count rows by it.
CREATE TABLE mail_log (
  id           TEXT PRIMARY KEY,
  site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,            -- autoreply, download_link, sign_in, team_inquiry, digest
  mail_key     TEXT NOT NULL,            -- what makes it one mail, e.g. the inquiry id
  recipient    TEXT NOT NULL,
  subject      TEXT NOT NULL DEFAULT '',
  status       TEXT NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'sending', 'sent', 'retry', 'failed', 'suppressed', 'capped')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_code    TEXT,                     -- the provider's error code, or ours (not_configured, capped)
  last_error   TEXT,
  provider     TEXT,                     -- cloudflare, resend
  provider_id  TEXT,                     -- the provider's message id once accepted
  claimed_at   INTEGER,                  -- while `sending`: when the attempt started (a crashed one expires)
  claim_token  TEXT,                     -- whose attempt it is (a claim retried after a D1 error is still its own)
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  sent_at      INTEGER,
  UNIQUE (kind, mail_key)
);
-- The mail log of a site, newest first (team API, dashboard).
CREATE INDEX mail_log_site_created ON mail_log (site_id, created_at DESC);
-- The caps: mails to one recipient of a site in the last 24 h, and a site's mails of the last hour.
CREATE INDEX mail_log_recipient ON mail_log (site_id, recipient, created_at);

-- Addresses a site no longer mails: the provider said they bounced or complained.
CREATE TABLE mail_suppressions (
  site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  email       TEXT NOT NULL,             -- normalised
  reason      TEXT NOT NULL CHECK (reason IN ('bounced', 'complained', 'manual')),
  detail      TEXT,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (site_id, email)
) WITHOUT ROWID;

-- Who a site's mail to visitors comes from, and its footer (Japan's 特定電子メール法 asks of mail
-- that could be seen as advertising: the sender, a postal address or contact, where to refuse
-- mail). All of them are required before an auto-reply can be turned on.
CREATE TABLE mail_senders (
  site_id          TEXT PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
  sender_name      TEXT,
  from_address     TEXT,                 -- on the provider's onboarded domain
  reply_to         TEXT,                 -- the team's address
  footer_sender    TEXT,                 -- 送信者: the company or person
  footer_contact   TEXT,                 -- postal address or contact
  footer_optout    TEXT,                 -- where to refuse mail (address or URL)
  hourly_cap       INTEGER NOT NULL DEFAULT 60 CHECK (hourly_cap BETWEEN 1 AND 10000),
  updated_at       INTEGER NOT NULL
);

-- The auto-reply per form kind (download, demo, quote, contact) and, for downloads, per resource
-- ('' is every resource without its own row). NULL texts are the built-in defaults.
CREATE TABLE autoreplies (
  site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  form_kind    TEXT NOT NULL CHECK (form_kind IN ('download', 'demo', 'quote', 'contact')),
  resource_id  TEXT NOT NULL DEFAULT '',
  enabled      INTEGER NOT NULL DEFAULT 0,
  subject_ja   TEXT,
  text_ja      TEXT,
  html_ja      TEXT,
  subject_en   TEXT,
  text_en      TEXT,
  html_en      TEXT,
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (site_id, form_kind, resource_id)
) WITHOUT ROWID;
