import { describe, expect, it } from "vitest";
import type { NewEntry } from "../../widget/loader/outbox.ts";
import { createOutbox, OUTBOX_KEY, OUTBOX_MAX_AGE_MS, OUTBOX_MAX_ENTRIES } from "../../widget/loader/outbox.ts";
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
    const [stored] = createOutbox(storage).due(T0);
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
    expect(storage.getItem(OUTBOX_KEY)).toBeNull();
  });

  it("schedules retries with growing backoff and counts attempts", () => {
    const outbox = createOutbox(memoryStorage());
    outbox.add(entry("a"), T0);
    expect(outbox.retryLater("a", T0, noJitter)).toMatchObject({ attempts: 1, nextAttemptAt: T0 + 1000 });
    expect(outbox.due(T0 + 999)).toEqual([]);
    expect(outbox.due(T0 + 1000).map((e) => e.id)).toEqual(["a"]);
    expect(outbox.retryLater("a", T0 + 1000, noJitter)).toMatchObject({ attempts: 2, nextAttemptAt: T0 + 3000 });
    expect(outbox.retryLater("a", T0 + 3000, noJitter)).toMatchObject({ attempts: 3, nextAttemptAt: T0 + 7000 });
  });

  it("ignores a retry for an entry another tab has already delivered", () => {
    const storage = memoryStorage();
    const thisTab = createOutbox(storage);
    thisTab.add(entry("a"), T0);
    createOutbox(storage).remove("a");
    expect(thisTab.retryLater("a", T0)).toBeUndefined();
    expect(thisTab.list(T0)).toEqual([]);
  });

  it("drops entries older than the maximum age", () => {
    const outbox = createOutbox(memoryStorage());
    outbox.add(entry("old"), T0);
    outbox.add(entry("new"), T0 + OUTBOX_MAX_AGE_MS / 2);
    expect(outbox.due(T0 + OUTBOX_MAX_AGE_MS).map((e) => e.id)).toEqual(["new"]);
  });

  it("keeps only the newest entries beyond the cap", () => {
    const outbox = createOutbox(memoryStorage());
    for (let i = 0; i < OUTBOX_MAX_ENTRIES + 5; i++) outbox.add(entry(`e${i}`), T0 + i);
    const ids = outbox.list(T0 + 100).map((e) => e.id);
    expect(ids).toHaveLength(OUTBOX_MAX_ENTRIES);
    expect(ids[0]).toBe("e5");
  });

  it("survives corrupt storage and storage that throws", () => {
    const corrupt = memoryStorage();
    corrupt.setItem(OUTBOX_KEY, "{not json");
    expect(createOutbox(corrupt).due(T0)).toEqual([]);

    const mixed = memoryStorage();
    mixed.setItem(OUTBOX_KEY, JSON.stringify([{ id: 1 }, null, "x"]));
    expect(createOutbox(mixed).list(T0)).toEqual([]);

    const broken: KeyValueStorage = {
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
    expect(outbox.due(T0)).toEqual([]);
  });
});
