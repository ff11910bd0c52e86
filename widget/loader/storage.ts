/** The part of `Storage` the outbox and attribution need; tests pass an in-memory one. */
export interface KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A Map-backed storage: the test double. */
export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (index) => [...map.keys()][index] ?? null,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/**
 * The page's localStorage, or undefined where merely reading it throws (sandboxed iframes,
 * cookies blocked). Its users wrap every call: setItem throws when the quota is full.
 */
export const store = ((): KeyValueStorage | undefined => {
  try {
    return localStorage;
  } catch {}
})();
