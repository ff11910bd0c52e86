-- Form analytics (docs/analytics.md): aggregate counters per site, form, page and local day, with
-- no identifier of any visitor. The widget sends a few counts in a beacon; the worker adds them
-- in memory and writes one batch of UPSERT increments a second later (worker/lib/form-counter.ts).
-- - form: "lead:<resourceId>" or "inquiry:<kind>";
-- - page: origin + path of the page the form was on (never a query string or fragment);
-- - day: YYYY-MM-DD in the site's time zone when the beacon arrived.
CREATE TABLE form_stats (
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  form TEXT NOT NULL,
  page TEXT NOT NULL,
  views INTEGER NOT NULL DEFAULT 0,
  starts INTEGER NOT NULL DEFAULT 0,
  submits INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, day, form, page)
) WITHOUT ROWID;

-- Per field of a form: how often it refused a value (client-side validation) and how often it was
-- the last field touched of a started form that was left unsent.
CREATE TABLE form_field_stats (
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  form TEXT NOT NULL,
  page TEXT NOT NULL,
  field TEXT NOT NULL,
  errors INTEGER NOT NULL DEFAULT 0,
  abandons INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, day, form, page, field)
) WITHOUT ROWID;

-- 1: the widget counts form views, starts and abandons (the default); 0: it sends nothing and the
-- endpoint discards what a cached widget still sends.
ALTER TABLE sites ADD COLUMN form_analytics INTEGER NOT NULL DEFAULT 1;
