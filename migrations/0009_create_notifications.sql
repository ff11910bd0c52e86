-- Notifications: signed webhooks and Slack on new inquiries (and leads where a site opts in),
-- daily digests and stall reminders, delivered through Cloudflare Queues.

-- How a site wants to be told. `language` is the language of its Slack texts (ja / en);
-- `notify_leads`: 'off' (default: leads are many, inquiries are what needs a fast answer),
-- 'returning' (a lead by a contact who had downloaded or asked before: the "hot" ones),
-- 'all' (every new lead). `stall_after_minutes`: business minutes (Mon–Fri 09:00–18:00 in the
-- site's time zone) an inquiry may stay `new` before its one reminder.
ALTER TABLE sites ADD COLUMN language TEXT NOT NULL DEFAULT 'ja' CHECK (language IN ('ja', 'en'));
ALTER TABLE sites ADD COLUMN notify_leads TEXT NOT NULL DEFAULT 'off' CHECK (notify_leads IN ('off', 'returning', 'all'));
ALTER TABLE sites ADD COLUMN stall_after_minutes INTEGER NOT NULL DEFAULT 240 CHECK (stall_after_minutes > 0);

-- Where a site's notifications go. `secret` (whsec_…, Standard Webhooks) signs generic webhooks;
-- it is kept in clear because every send needs it (shown once by the API; rotate to replace it).
-- Slack incoming-webhook URLs are their own secret and carry no signature.
CREATE TABLE webhooks (
  id           TEXT PRIMARY KEY,
  site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  type         TEXT NOT NULL CHECK (type IN ('webhook', 'slack')),
  url          TEXT NOT NULL,
  secret       TEXT,
  description  TEXT NOT NULL DEFAULT '',
  disabled_at  INTEGER,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX webhooks_site ON webhooks (site_id, created_at);

-- The transactional outbox: written in the same batch() as the inquiry it announces, then sent
-- to the queue after the commit. `dispatched_at` is set by the queue consumer; the cron sweep
-- re-enqueues rows still without it (the send after the commit was lost).
CREATE TABLE notifications (
  id             TEXT PRIMARY KEY,
  site_id        TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  event          TEXT NOT NULL
                 CHECK (event IN ('inquiry.created', 'lead.created', 'inquiry.stalled', 'digest.daily', 'webhook.test')),
  -- The inquiry or lead id, or the digest's local date; NULL for a test.
  subject_id     TEXT,
  -- Only this webhook (a test); NULL: every enabled webhook of the site.
  webhook_id     TEXT,
  -- The event's JSON body (Standard Webhooks envelope), fixed at dispatch so every retry sends the same.
  payload        TEXT,
  created_at     INTEGER NOT NULL,
  swept_at       INTEGER,
  dispatched_at  INTEGER
);
-- One notification per inquiry, lead, stall and local day: a repeated cron run or sweep adds none.
CREATE UNIQUE INDEX notifications_once ON notifications (site_id, event, subject_id) WHERE subject_id IS NOT NULL;
CREATE INDEX notifications_undispatched ON notifications (created_at) WHERE dispatched_at IS NULL;

-- One notification to one webhook. `id` is the `webhook-id` header: the same on every attempt
-- and redelivery, so receivers can deduplicate.
CREATE TABLE deliveries (
  id               TEXT PRIMARY KEY,
  notification_id  TEXT NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
  webhook_id       TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  site_id          TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  UNIQUE (notification_id, webhook_id)
);
CREATE INDEX deliveries_webhook ON deliveries (webhook_id, created_at);

-- The delivery log: every attempt, kept.
CREATE TABLE delivery_attempts (
  id            TEXT PRIMARY KEY,
  delivery_id   TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
  attempted_at  INTEGER NOT NULL,
  status_code   INTEGER,
  latency_ms    INTEGER NOT NULL,
  error         TEXT
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, attempted_at);
