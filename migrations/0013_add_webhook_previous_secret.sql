-- Secret rotation with an overlap window: after a rotation, deliveries are signed with the new
-- secret and, until `previous_secret_expires_at`, also with the one it replaced (Standard Webhooks
-- allows several space-separated signatures), so a receiver can switch secrets without losing
-- events. Kept in clear like `secret`, for the same reason: every send signs with it.
ALTER TABLE webhooks ADD COLUMN previous_secret TEXT;
ALTER TABLE webhooks ADD COLUMN previous_secret_expires_at INTEGER;
