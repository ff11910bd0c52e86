import type { FormBeacon } from "../../shared/form-analytics.ts";
import { type DatabaseOf, pendingCounts } from "../lib/pending-counts.ts";
import { addFormCounts, type FormCount } from "./form-stats.ts";

// Beacons are added up in this isolate's memory and written in one batch of UPSERT increments a
// moment later (lib/pending-counts.ts): a thousand page views cost a handful of D1 write batches
// per isolate, not a thousand writes, and never a write on the collect path.
const counts = pendingCounts(addFormCounts, "form analytics counts");

/**
 * Counters held per flush. Past it, new keys (a forged flood of made-up pages) are dropped until
 * the flush; counts are estimates, and the flush comes within a second.
 */
const MAX_PENDING = 5000;

type Counts = Partial<Pick<FormCount, "views" | "starts" | "submits" | "errors" | "abandons">>;

/** Adds one beacon's counts (page as origin + path, day in the site's zone); schedules the flush. */
export function countFormEvents(
  databaseOf: DatabaseOf,
  waitUntil: (work: Promise<unknown>) => void,
  at: { siteId: string; day: string; page: string },
  forms: FormBeacon["forms"],
  flushAfterMs: number,
) {
  const { pending } = counts;
  const add = (form: string, field: string | null, n: Counts) => {
    const key = JSON.stringify([at.siteId, at.day, form, at.page, field]);
    let hit = pending.get(key);
    if (!hit) {
      if (pending.size >= MAX_PENDING) return;
      hit = { ...at, form, field, views: 0, starts: 0, submits: 0, errors: 0, abandons: 0 };
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
  counts.schedule(databaseOf, waitUntil, flushAfterMs);
}
