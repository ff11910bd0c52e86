import { FORM_FORMS_PER_DAY, FORM_PAGES_PER_DAY, type FormBeacon } from "../../shared/form-analytics.ts";
import { type DatabaseOf, pendingCounts } from "../lib/pending-counts.ts";
import { addFormCounts, type FormCount, OTHER_PAGES } from "./form-stats.ts";

// Beacons are added up in this isolate's memory and written in one batch of UPSERT increments a
// moment later (lib/pending-counts.ts): a thousand page views cost a handful of D1 write batches
// per isolate, not a thousand writes, and never a write on the collect path.
const counts = pendingCounts(addFormCounts, "form analytics counts");

/**
 * Counters held per flush. Past it, new keys (a forged flood of made-up pages) are dropped until
 * the flush; counts are estimates, and the flush comes within a second.
 */
const MAX_PENDING = 5000;

/**
 * The pages pending per site, day and form. The flush keeps at most FORM_PAGES_PER_DAY pages of
 * a form's day in D1 (db/form-stats.ts); holding no more here either keeps a flood of made-up
 * pages to that many statements per form and flush, and MAX_PENDING for everyone else.
 */
const pagesPending = new Map<string, Set<string>>();
/** The forms pending per site and day: no more than the flush could keep (FORM_FORMS_PER_DAY). */
const formsPending = new Map<string, Set<string>>();

type Counts = Partial<Pick<FormCount, "views" | "starts" | "submits" | "errors" | "abandons">>;

/** Adds one beacon's counts (page as lib/form-page.ts keys it, day in the site's zone); schedules the flush. */
export function countFormEvents(
  databaseOf: DatabaseOf,
  waitUntil: (work: Promise<unknown>) => void,
  at: { siteId: string; day: string; page: string },
  forms: FormBeacon["forms"],
  flushAfterMs: number,
) {
  const { pending } = counts;
  const siteDay = JSON.stringify([at.siteId, at.day]);
  const formsOfDay = formsPending.get(siteDay) ?? new Set<string>();
  formsPending.set(siteDay, formsOfDay);
  const add = (form: string, field: string | null, n: Counts) => {
    if (!formsOfDay.has(form)) {
      if (formsOfDay.size >= FORM_FORMS_PER_DAY) return;
      formsOfDay.add(form);
    }
    const formDay = JSON.stringify([at.siteId, at.day, form]);
    const pages = pagesPending.get(formDay) ?? new Set<string>();
    pagesPending.set(formDay, pages);
    const page = pages.has(at.page) || pages.size < FORM_PAGES_PER_DAY ? at.page : OTHER_PAGES;
    pages.add(page);
    const key = JSON.stringify([at.siteId, at.day, form, page, field]);
    let hit = pending.get(key);
    if (!hit) {
      if (pending.size >= MAX_PENDING) return;
      hit = { ...at, page, form, field, views: 0, starts: 0, submits: 0, errors: 0, abandons: 0 };
      pending.set(key, hit);
    }
    hit.views += n.views ?? 0;
    hit.starts += n.starts ?? 0;
    hit.submits += n.submits ?? 0;
    hit.errors += n.errors ?? 0;
    hit.abandons += n.abandons ?? 0;
  };
  for (const f of forms) {
    const { views, starts, submits } = f;
    if (views || starts || submits) add(f.form, null, { views, starts, submits });
    for (const [field, n] of Object.entries(f.errors ?? {})) add(f.form, field, { errors: n });
    for (const [field, n] of Object.entries(f.abandons ?? {})) add(f.form, field, { abandons: n });
  }
  counts.schedule(databaseOf, waitUntil, flushAfterMs, () => {
    pagesPending.clear();
    formsPending.clear();
  });
}
