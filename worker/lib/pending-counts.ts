// Counters held in this isolate's memory and written in one batch a moment later, so that many
// requests (refused collect requests, form analytics beacons) cost at most one D1 write batch per
// isolate and database per flush interval rather than one write each. The price: counts of an
// isolate that is evicted before its flush are lost (the flush runs in waitUntil, which Workers
// keep alive for up to 30 s after the response, so in practice this is rare). Counts only: never
// anything that must not be lost.

/** Which database holds a site's rows (db/handle.ts' databaseFor, bound to the request's env). */
export type DatabaseOf = (siteId: string) => D1Database;

export interface PendingCounts<T extends { siteId: string }> {
  /** The counters waiting for the next flush, by key. */
  readonly pending: Map<string, T>;
  /**
   * Schedules the flush through `waitUntil` (the request's) unless one is scheduled already: one
   * write batch per database of the sites counted. `beforeWrite` runs at flush time, first.
   */
  schedule(
    databaseOf: DatabaseOf,
    waitUntil: (work: Promise<unknown>) => void,
    flushAfterMs: number,
    beforeWrite?: () => void,
  ): void;
}

/** Counters that `write` stores in one batch per database; a failed write is logged as `what` and dropped. */
export function pendingCounts<T extends { siteId: string }>(
  write: (db: D1Database, counts: T[]) => Promise<void>,
  what: string,
): PendingCounts<T> {
  const pending = new Map<string, T>();
  let scheduled = false;
  async function flush(databaseOf: DatabaseOf, beforeWrite?: () => void) {
    scheduled = false;
    const counts = [...pending.values()];
    pending.clear();
    beforeWrite?.();
    const byDatabase = new Map<D1Database, T[]>();
    for (const count of counts) {
      const db = databaseOf(count.siteId);
      byDatabase.set(db, [...(byDatabase.get(db) ?? []), count]);
    }
    for (const [db, siteCounts] of byDatabase) {
      try {
        await write(db, siteCounts);
      } catch (err) {
        // Losing a batch of counters must never turn into an error for anyone.
        console.error(`could not store ${what}`, err);
      }
    }
  }
  return {
    pending,
    schedule(databaseOf, waitUntil, flushAfterMs, beforeWrite) {
      if (scheduled) return;
      scheduled = true;
      waitUntil(new Promise((resolve) => setTimeout(resolve, flushAfterMs)).then(() => flush(databaseOf, beforeWrite)));
    },
  };
}
