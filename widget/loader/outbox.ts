import type { InquirySubmission, LeadSubmission } from "../../shared/schemas.ts";
import { backoffDelay } from "./backoff.ts";
import type { KeyValueStorage } from "./storage.ts";

/**
 * Each entry has a key of its own, `hikiai:outbox:v2:<id>`: two tabs writing one shared array
 * would overwrite each other's changes (a tab's localStorage view can be stale), losing entries.
 * Each key is written only by the tab holding that entry's lock (delivery.ts). Versioned so a
 * future entry shape can live beside entries written by an older script.
 */
export const OUTBOX_PREFIX = "hikiai:outbox:v2:";
/**
 * The give-up limit, by age: a submission nobody could deliver in 3 days is dropped (and the
 * page told), so the visitor's personal data does not sit in the host page's storage.
 */
export const OUTBOX_MAX_AGE_MS = 3 * 24 * 60 * 60 * 1000;
/**
 * The give-up limit, by failed attempts: a body the collector keeps failing on (5xx) is not
 * retried for days. With the 60 s backoff cap that is over an hour of a collector outage on
 * one open page; attempts are not made while the browser says it is offline.
 */
export const OUTBOX_MAX_ATTEMPTS = 100;

/** One submission waiting for the collector's answer. */
export interface OutboxEntry {
  /** The submissionId: the server dedupes on it, so a retry never makes a second record. */
  id: string;
  endpoint: "lead" | "inquiry";
  siteKey: string;
  /** Collector origin, e.g. "https://collect.example.com". */
  origin: string;
  body: LeadSubmission | InquirySubmission;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
}

/** What goes into the outbox before the first send: due at once unless it says when. */
export type NewEntry = Omit<OutboxEntry, "attempts" | "nextAttemptAt" | "createdAt"> &
  Partial<Pick<OutboxEntry, "nextAttemptAt">>;

/** Why an entry left the outbox undelivered: too old, or too many failed attempts. */
export type DropReason = "expired" | "attempts";

export interface Outbox {
  /** Every stored entry within the give-up limit (dropping, and reporting, those past it). */
  list(now: number): OutboxEntry[];
  /** The stored entry with this id, if it is still there (another tab may have sent it). */
  get(id: string, now: number): OutboxEntry | undefined;
  /** Stores a new submission, due at once or when it says. */
  add(entry: NewEntry, now: number): OutboxEntry;
  remove(id: string): void;
  /**
   * Counts a failed attempt and schedules the next one with backoff, or after `waitMs` when the
   * collector said so (Retry-After), whichever is later.
   */
  retryLater(id: string, now: number, waitMs?: number, random?: () => number): void;
  /** Whether the queue still reaches the storage (and so outlives the page). */
  persists(): boolean;
}

// Enough of a check that a foreign or half-written value cannot break the queue; the server
// validates the body itself.
const isEntry = (e: unknown): e is OutboxEntry => !!((e as OutboxEntry | null)?.id && (e as OutboxEntry).body);

/**
 * The persisted queue. Every call reads storage afresh, so two tabs of one site share a queue
 * (delivery.ts keeps them from sending one entry at once). `onDrop` hears of each entry given
 * up, so the page can be told. Without a working storage (none given: reading localStorage
 * threw; or a write failed: quota, private mode) the queue lives on in memory for this page.
 */
export function createOutbox(
  storage: KeyValueStorage | undefined,
  onDrop: (entry: OutboxEntry, reason: DropReason) => void = () => {},
): Outbox {
  const memory = new Map<string, OutboxEntry>();
  let persists = !!storage;
  const read = (): OutboxEntry[] => {
    if (persists)
      try {
        const found: unknown[] = [];
        for (let i = 0; i < storage!.length; i++) {
          // Below length, so a string (a null from a concurrent removal throws below, caught).
          const key = storage!.key(i) as string;
          try {
            if (key.startsWith(OUTBOX_PREFIX)) found.push(JSON.parse(storage!.getItem(key)!));
          } catch {
            // Corrupt JSON (another script, a manual edit) must not block the other entries.
          }
        }
        return found.filter(isEntry);
      } catch {
        persists = false;
      }
    return [...memory.values()];
  };
  const put = (entry: OutboxEntry) => {
    memory.set(entry.id, entry);
    try {
      if (persists) storage!.setItem(OUTBOX_PREFIX + entry.id, JSON.stringify(entry));
    } catch {
      persists = false;
    }
  };
  const remove = (id: string) => {
    memory.delete(id);
    try {
      storage?.removeItem(OUTBOX_PREFIX + id);
    } catch {}
  };
  // Entries past the limit are removed from storage first, then reported: a handler that
  // throws cannot keep personal data stored (each report comes after its entry's removal).
  const list = (now: number) =>
    read().filter((e) => {
      // Past the give-up limit (age or attempts), and why.
      const reason: DropReason | undefined =
        now - e.createdAt >= OUTBOX_MAX_AGE_MS ? "expired" : e.attempts >= OUTBOX_MAX_ATTEMPTS ? "attempts" : undefined;
      if (reason) {
        remove(e.id);
        onDrop(e, reason);
      }
      return !reason;
    });

  return {
    list,
    get: (id, now) => list(now).find((e) => e.id === id),
    add(entry, now) {
      const stored: OutboxEntry = { attempts: 0, nextAttemptAt: now, createdAt: now, ...entry };
      put(stored);
      list(now);
      return stored;
    },
    remove,
    retryLater(id, now, waitMs = 0, random) {
      const entry = read().find((e) => e.id === id);
      // Another tab may have delivered it meanwhile: then there is nothing to reschedule.
      if (entry) {
        entry.attempts += 1;
        entry.nextAttemptAt = now + Math.max(waitMs, backoffDelay(entry.attempts, random));
        // One past the give-up limit is dropped (and reported) by the next read.
        put(entry);
      }
    },
    persists: () => persists,
  };
}
