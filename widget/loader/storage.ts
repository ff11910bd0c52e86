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
  const use =
    (op: keyof KeyValueStorage) =>
    (...args: [string, string?]): never => {
      if (local) {
        try {
          return local[op](...(args as [string, string])) as never;
        } catch {
          local = undefined;
        }
      }
      return memory[op](...(args as [string, string])) as never;
    };
  return { getItem: use("getItem"), setItem: use("setItem"), removeItem: use("removeItem") };
}
