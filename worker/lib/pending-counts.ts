// Counters held in this isolate's memory and written in one batch a moment later, so that many
// requests (refused collect requests, form analytics beacons) cost at most one D1 write batch per
// isolate per flush interval rather than one write each. The price: counts of an isolate that is
// evicted before its flush are lost (the flush runs in waitUntil, which Workers keep alive for up
// to 30 s after the response, so in practice this is rare). Counts only: never anything that
// must not be lost.

export interface PendingCounts<T> {
  /** The counters waiting for the next flush, by key. */
  readonly pending: Map<string, T>;
  /**
   * Schedules the flush through `waitUntil` (the request's) unless one is scheduled already.
   * `beforeWrite` runs at flush time, before the counters are written.
   */
  schedule(
    db: D1Database,
    waitUntil: (work: Promise<unknown>) => void,
    flushAfterMs: number,
    beforeWrite?: () => void,
  ): void;
}

/** Counters that `write` stores in one batch; a failed write is logged as `what` and dropped. */
export function pendingCounts<T>(
  write: (db: D1Database, counts: T[]) => Promise<void>,
  what: string,
): PendingCounts<T> {
  const pending = new Map<string, T>();
  let scheduled = false;
  async function flush(db: D1Database, beforeWrite?: () => void) {
    scheduled = false;
    const counts = [...pending.values()];
    pending.clear();
    beforeWrite?.();
    if (!counts.length) return;
    try {
      await write(db, counts);
    } catch (err) {
      // Losing a batch of counters must never turn into an error for anyone.
      console.error(`could not store ${what}`, err);
    }
  }
  return {
    pending,
    schedule(db, waitUntil, flushAfterMs, beforeWrite) {
      if (scheduled) return;
      scheduled = true;
      waitUntil(new Promise((resolve) => setTimeout(resolve, flushAfterMs)).then(() => flush(db, beforeWrite)));
    },
  };
}
