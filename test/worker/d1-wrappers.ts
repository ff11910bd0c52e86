// Wrappers around the *real* D1 binding of the test runtime (not mocks): every statement still
// runs against the local D1. They only add faults or counting at the binding's edge, and reach
// the app through `appWith(...)`, which calls the worker's fetch with a modified env.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import app from "../../worker/index.ts";

/** A small seeded PRNG (mulberry32), so a failing fault run can be replayed exactly. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultCounts {
  batches: number;
  failedBeforeCommit: number;
  failedAfterCommit: number;
}

/**
 * The real D1 binding, except that a share `rate` of `batch()` calls fail: half of them before
 * the batch runs (nothing written), half after it committed (written, but the caller sees an
 * error, as when the connection drops on the way back). Errors look like D1's own.
 */
export function faultyD1(real: D1Database, rate: number, random: () => number) {
  const counts: FaultCounts = { batches: 0, failedBeforeCommit: 0, failedAfterCommit: 0 };
  const batch = async <T>(statements: D1PreparedStatement[]) => {
    counts.batches++;
    const roll = random();
    if (roll < rate / 2) {
      counts.failedBeforeCommit++;
      throw new Error("D1_ERROR: Network connection lost. (injected before commit)");
    }
    const results = await real.batch<T>(statements);
    if (roll < rate) {
      counts.failedAfterCommit++;
      throw new Error("D1_ERROR: Network connection lost. (injected after commit)");
    }
    return results;
  };
  return { db: overriding(real, { batch }), counts };
}

/** The real D1 binding, counting the statements prepared and the batches run through it. */
export function countingD1(real: D1Database) {
  const counts = { prepared: 0, batches: 0 };
  const db = overriding(real, {
    prepare: (sql: string) => {
      counts.prepared++;
      return real.prepare(sql);
    },
    batch: <T>(statements: D1PreparedStatement[]) => {
      counts.batches++;
      return real.batch<T>(statements);
    },
  });
  return { db, counts };
}

function overriding(real: D1Database, overrides: Partial<D1Database>): D1Database {
  return new Proxy(real, {
    get(target, prop) {
      if (prop in overrides) return overrides[prop as keyof D1Database];
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The worker's fetch with `DB` replaced: the same app, routes and middleware as in production. */
export function appWith(db: D1Database) {
  return async (path: string, init?: RequestInit) => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`https://collector.test${path}`, init), { ...env, DB: db }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };
}
