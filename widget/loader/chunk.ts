import type { Forms, FormsModule, LoaderApi } from "../contract.ts";

/**
 * Returns `load()`, which imports the forms chunk once and starts it with the loader's API.
 * A failed import is retried once at once; after a second failure the next call tries again.
 * Each try gets its own URL (?0, ?1…): a browser may remember a failed module URL for the
 * page's life.
 */
export function chunkLoader(url: URL, api: LoaderApi): () => Promise<Forms> {
  let loading: Promise<Forms> | undefined;
  let tries = 0;
  // The absolute URL (made from the script's own src) matters: a relative import() from a
  // classic script of another origin resolves against about:blank and fails.
  const load = () => import(/* @vite-ignore */ `${url}?${tries++}`) as Promise<FormsModule>;
  return () =>
    (loading ??= load()
      .catch(load)
      .then((m) => m.start(api))
      .catch((error) => {
        loading = undefined;
        throw error;
      }));
}
