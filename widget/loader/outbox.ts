import type { InquirySubmission, LeadSubmission } from "../../shared/schemas.ts";
import { backoffDelay } from "./backoff.ts";
import type { KeyValueStorage } from "./storage.ts";

/** Versioned so a future entry shape can live beside entries written by an older script. */
export const OUTBOX_KEY = "hikiai:outbox:v1";
/** A submission nobody could deliver in a week is stale; the visitor has moved on. */
export const OUTBOX_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Bounds what a broken collector can make us hoard in the host page's storage. */
export const OUTBOX_MAX_ENTRIES = 50;

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

/** What goes into the outbox before the first send. */
export type NewEntry = Omit<OutboxEntry, "attempts" | "nextAttemptAt" | "createdAt">;

export interface Outbox {
  /** Every stored entry that is younger than the maximum age. */
  list(now: number): OutboxEntry[];
  /** Entries whose next attempt is due. */
  due(now: number): OutboxEntry[];
  /** Stores a new submission, due at once. */
  add(entry: NewEntry, now: number): OutboxEntry;
  remove(id: string): void;
  /** Counts a failed attempt and schedules the next one with backoff. */
  retryLater(id: string, now: number, random?: () => number): OutboxEntry | undefined;
}

// Enough of a check that a foreign or half-written value cannot break the queue; the server
// validates the body itself.
const isEntry = (e: unknown): e is OutboxEntry => {
  const x = e as OutboxEntry | null;
  return typeof x?.id === "string" && typeof x.createdAt === "number" && !!x.body;
};

/**
 * The persisted queue. Every call reads storage afresh, so two tabs of one site share a queue;
 * both may send one entry, which is harmless because the server dedupes by submissionId.
 */
export function createOutbox(storage: KeyValueStorage, key = OUTBOX_KEY): Outbox {
  const read = (): OutboxEntry[] => {
    try {
      const value: unknown = JSON.parse(storage.getItem(key) || "[]");
      return Array.isArray(value) ? value.filter(isEntry) : [];
    } catch {
      // Corrupt JSON (another script, a manual edit) must not block new submissions.
      return [];
    }
  };
  const write = (entries: OutboxEntry[]) => {
    try {
      if (entries.length) storage.setItem(key, JSON.stringify(entries));
      else storage.removeItem(key);
    } catch {}
  };
  const list = (now: number) => {
    const all = read();
    const live = all.filter((e) => now - e.createdAt < OUTBOX_MAX_AGE_MS);
    if (live.length !== all.length) write(live);
    return live;
  };

  return {
    list,
    due: (now) => list(now).filter((e) => e.nextAttemptAt <= now),
    add(entry, now) {
      const stored: OutboxEntry = { ...entry, attempts: 0, nextAttemptAt: now, createdAt: now };
      write([...list(now).filter((e) => e.id !== entry.id), stored].slice(-OUTBOX_MAX_ENTRIES));
      return stored;
    },
    remove(id) {
      const all = read();
      const rest = all.filter((e) => e.id !== id);
      if (rest.length !== all.length) write(rest);
    },
    retryLater(id, now, random) {
      const all = list(now);
      const entry = all.find((e) => e.id === id);
      // Another tab may have delivered it meanwhile: then there is nothing to reschedule.
      if (!entry) return undefined;
      entry.attempts += 1;
      entry.nextAttemptAt = now + backoffDelay(entry.attempts, random);
      write(all);
      return entry;
    },
  };
}
