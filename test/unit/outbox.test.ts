import { describe, expect, it } from "vitest";
import type { DropReason, NewEntry, OutboxEntry } from "../../widget/loader/outbox.ts";
import { createOutbox, OUTBOX_MAX_AGE_MS, OUTBOX_MAX_ATTEMPTS, OUTBOX_PREFIX } from "../../widget/loader/outbox.ts";
import type { KeyValueStorage } from "../../widget/loader/storage.ts";
import { memoryStorage } from "../../widget/loader/storage.ts";

const T0 = Date.UTC(2026, 3, 1);
const noJitter = () => 0.5;

function entry(id: string): NewEntry {
  return {
    id,
    endpoint: "lead",
    siteKey: "site_demo",
    origin: "https://collect.example.com",
    body: {
      submissionId: id,
      email: "taro@example.jp",
      resourceId: "whitepaper-2026",
      context: { pageUrl: "https://example.jp/" },
    },
  };
}

describe("outbox", () => {
  it("persists an added entry, due at once, with no attempts yet", () => {
    const storage = memoryStorage();
    createOutbox(storage).add(entry("a"), T0);
    // A second outbox on the same storage stands for the next page view.
    const [stored] = createOutbox(storage).list(T0);
    expect(stored).toMatchObject({ id: "a", attempts: 0, nextAttemptAt: T0, createdAt: T0 });
    expect(stored?.body).toEqual(entry("a").body);
  });

  it("keeps one entry per submissionId when the same one is added twice", () => {
    const outbox = createOutbox(memoryStorage());
    outbox.add(entry("a"), T0);
    outbox.add(entry("a"), T0 + 1);
    expect(outbox.list(T0 + 1)).toHaveLength(1);
  });

  it("removes an entry and clears the key when nothing is left", () => {
    const storage = memoryStorage();
    const outbox = createOutbox(storage);
    outbox.add(entry("a"), T0);
    outbox.add(entry("b"), T0);
    outbox.remove("a");
    expect(outbox.list(T0).map((e) => e.id)).toEqual(["b"]);
    outbox.remove("b");
    expect(storage.length).toBe(0);
  });

  it("schedules retries with growing backoff and counts attempts", () => {
    const outbox = createOutbox(memoryStorage());
    outbox.add(entry("a"), T0);
    outbox.retryLater("a", T0, 0, noJitter);
    expect(outbox.get("a", T0)).toMatchObject({ attempts: 1, nextAttemptAt: T0 + 1000 });
    outbox.retryLater("a", T0 + 1000, 0, noJitter);
    expect(outbox.get("a", T0)).toMatchObject({ attempts: 2, nextAttemptAt: T0 + 3000 });
    outbox.retryLater("a", T0 + 3000, 0, noJitter);
    expect(outbox.get("a", T0)).toMatchObject({ attempts: 3, nextAttemptAt: T0 + 7000 });
  });

  it("waits as long as the collector's Retry-After when that is longer than the backoff", () => {
    const outbox = createOutbox(memoryStorage());
    outbox.add(entry("a"), T0);
    outbox.retryLater("a", T0, 30_000, noJitter);
    expect(outbox.get("a", T0)).toMatchObject({ attempts: 1, nextAttemptAt: T0 + 30_000 });
    outbox.retryLater("a", T0 + 30_000, 100, noJitter);
    expect(outbox.get("a", T0)).toMatchObject({ attempts: 2, nextAttemptAt: T0 + 32_000 });
  });

  it("ignores a retry for an entry another tab has already delivered", () => {
    const storage = memoryStorage();
    const thisTab = createOutbox(storage);
    thisTab.add(entry("a"), T0);
    createOutbox(storage).remove("a");
    thisTab.retryLater("a", T0);
    expect(thisTab.list(T0)).toEqual([]);
  });

  it("gives up on entries older than the maximum age: removed from storage, reported once", () => {
    const storage = memoryStorage();
    const drops: [string, DropReason][] = [];
    const outbox = createOutbox(storage, (e, reason) => drops.push([e.id, reason]));
    outbox.add(entry("old"), T0);
    outbox.add(entry("new"), T0 + OUTBOX_MAX_AGE_MS / 2);
    expect(outbox.list(T0 + OUTBOX_MAX_AGE_MS).map((e) => e.id)).toEqual(["new"]);
    expect(storage.getItem(`${OUTBOX_PREFIX}old`)).toBeNull();
    outbox.list(T0 + OUTBOX_MAX_AGE_MS);
    expect(drops).toEqual([["old", "expired"]]);
  });

  it("gives up on an entry after the maximum number of failed attempts", () => {
    const drops: [OutboxEntry, DropReason][] = [];
    const outbox = createOutbox(memoryStorage(), (e, reason) => drops.push([e, reason]));
    outbox.add(entry("a"), T0);
    for (let i = 1; i < OUTBOX_MAX_ATTEMPTS; i++) outbox.retryLater("a", T0, 0, noJitter);
    expect(outbox.get("a", T0)?.attempts).toBe(OUTBOX_MAX_ATTEMPTS - 1);
    outbox.retryLater("a", T0, 0, noJitter);
    expect(outbox.get("a", T0)).toBeUndefined();
    expect(drops.map(([e, reason]) => [e.id, e.attempts, reason])).toEqual([["a", OUTBOX_MAX_ATTEMPTS, "attempts"]]);
  });

  it("keeps each entry under a key of its own, so tabs changing different entries never clash", () => {
    const storage = memoryStorage();
    const tabA = createOutbox(storage);
    const tabB = createOutbox(storage);
    tabA.add(entry("a"), T0);
    tabB.add(entry("b"), T0);
    tabA.retryLater("a", T0, 0, noJitter);
    tabB.remove("b");
    expect(storage.getItem(`${OUTBOX_PREFIX}a`)).toContain('"attempts":1');
    expect(tabB.list(T0).map((e) => e.id)).toEqual(["a"]);
  });

  it("lives on in memory for the page when storage fails or is missing", () => {
    const full: KeyValueStorage = {
      ...memoryStorage(),
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    const outbox = createOutbox(full);
    expect(outbox.persists()).toBe(true);
    outbox.add(entry("a"), T0);
    expect(outbox.persists()).toBe(false);
    expect(outbox.list(T0).map((e) => e.id)).toEqual(["a"]);
    const none = createOutbox(undefined);
    none.add(entry("b"), T0);
    expect(none.persists()).toBe(false);
    expect(none.get("b", T0)?.id).toBe("b");
    none.remove("b");
    expect(none.list(T0)).toEqual([]);
  });

  it("survives corrupt storage and storage that throws", () => {
    const corrupt = memoryStorage();
    corrupt.setItem(`${OUTBOX_PREFIX}x`, "{not json");
    expect(createOutbox(corrupt).list(T0)).toEqual([]);

    const mixed = memoryStorage();
    mixed.setItem(`${OUTBOX_PREFIX}y`, JSON.stringify({ id: 1 }));
    mixed.setItem(`${OUTBOX_PREFIX}z`, "null");
    expect(createOutbox(mixed).list(T0)).toEqual([]);

    const broken: KeyValueStorage = {
      length: 1,
      key: () => {
        throw new Error("SecurityError");
      },
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {
        throw new Error("SecurityError");
      },
    };
    const outbox = createOutbox(broken);
    expect(() => outbox.add(entry("a"), T0)).not.toThrow();
    // The failed write moved the queue to memory: the entry is still there for this page.
    expect(outbox.list(T0).map((e) => e.id)).toEqual(["a"]);
  });
});
