import { type DatabaseOf, pendingCounts } from "../lib/pending-counts.ts";
import { addRefusals, OTHER_ORIGINS } from "./refusals.ts";

// Refusals are counted in this isolate's memory and written in one batch a moment later
// (lib/pending-counts.ts): a flood of refused requests (a bot, a misconfigured page in a loop)
// costs at most one D1 write batch per isolate per flush interval.
const counts = pendingCounts(addRefusals, "refusal counts");
const pending = counts.pending;

// Unknown site keys have no owner who could read a counter, and writing one row per junk key
// would let anyone fill D1. They are counted here and logged (`wrangler tail`), never stored.
let unknownKeys = new Map<string, number>();

/** Longest an origin string is stored; anything longer is junk, and the start says enough. */
const MAX_ORIGIN = 200;
const MAX_UNKNOWN_KEYS = 1000;
/** Counters held per flush; past it, new capped origins wait in the "other origins" counter. */
const MAX_PENDING = 2000;

const utcDay = (now: number) => new Date(now).toISOString().slice(0, 10);

export interface Refusal {
  /** Null for an unknown or missing site key: logged, not stored. */
  siteId: string | null;
  siteKey?: string;
  /** "" without an Origin header. */
  origin: string;
  /** Whether the origin counts against the site's distinct origins a day (one it does not list). */
  capped: boolean;
  code: string;
}

/**
 * Counts one refused collect request; `schedule` (the request's `waitUntil`) receives the flush
 * when none is pending yet. `databaseOf` names the database of a site's counters: one flush
 * carries the counts of every site this isolate refused for.
 */
export function countRefusal(
  databaseOf: DatabaseOf,
  schedule: (work: Promise<unknown>) => void,
  refusal: Refusal,
  flushAfterMs: number,
  now = Date.now(),
) {
  if (refusal.siteId === null) {
    const key = (refusal.siteKey ?? "").slice(0, 64);
    if (unknownKeys.size < MAX_UNKNOWN_KEYS || unknownKeys.has(key)) {
      unknownKeys.set(key, (unknownKeys.get(key) ?? 0) + 1);
    }
  } else {
    let origin = refusal.origin.slice(0, MAX_ORIGIN);
    const day = utcDay(now);
    const keyOf = () => JSON.stringify([refusal.siteId, day, origin, refusal.code]);
    if (refusal.capped && pending.size >= MAX_PENDING && !pending.has(keyOf())) origin = OTHER_ORIGINS;
    const key = keyOf();
    const hit = pending.get(key);
    if (hit) {
      hit.count++;
      hit.lastAt = now;
    } else {
      const { siteId, code, capped } = refusal;
      pending.set(key, { siteId, day, origin, capped, code, count: 1, lastAt: now });
    }
  }
  counts.schedule(databaseOf, schedule, flushAfterMs, logUnknownKeys);
}

function logUnknownKeys() {
  if (!unknownKeys.size) return;
  console.warn("collect requests for unknown site keys", Object.fromEntries(unknownKeys));
  unknownKeys = new Map();
}
