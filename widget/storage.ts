/** The part of `Storage` the outbox needs; tests pass an in-memory one. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A Map-backed storage: the fallback when localStorage is unavailable, and the test double. */
export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/**
 * localStorage when it works, memory otherwise. Reading `window.localStorage` throws in
 * sandboxed iframes and with cookies blocked, and setItem throws when the quota is full; after
 * the first failure everything goes to memory so reads still see the last write.
 */
export function browserStorage(): KeyValueStorage {
  const memory = memoryStorage();
  let local: Storage | undefined;
  try {
    local = window.localStorage;
  } catch {}
  const use = <T>(op: (s: KeyValueStorage) => T, fallback: () => T): T => {
    if (local) {
      try {
        return op(local);
      } catch {
        local = undefined;
      }
    }
    return fallback();
  };
  return {
    getItem: (key) =>
      use(
        (s) => s.getItem(key),
        () => memory.getItem(key),
      ),
    setItem: (key, value) =>
      use(
        (s) => s.setItem(key, value),
        () => memory.setItem(key, value),
      ),
    removeItem: (key) =>
      use(
        (s) => s.removeItem(key),
        () => memory.removeItem(key),
      ),
  };
}
