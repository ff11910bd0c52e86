// Used by both builds (loader: attribution touches; chunk: the page context): a few lines
// bundled twice rather than a shared chunk, which a classic script cannot import.
import { UTM_MAX } from "../shared/limits.ts";

const UTM_KEYS = ["source", "medium", "campaign", "term", "content"] as const;

/**
 * The five utm_* parameters of `url`, trimmed and clipped to the schema's limit; undefined when
 * there is none.
 * @example utmOf(new URL("https://a.jp/?utm_source=x")) // { source: "x" }
 */
export function utmOf(url: URL): Record<string, string> | undefined {
  const utm: Record<string, string> = {};
  for (const key of UTM_KEYS) {
    const value = url.searchParams.get(`utm_${key}`)?.trim();
    if (value) utm[key] = value.slice(0, UTM_MAX);
  }
  return Object.keys(utm).length ? utm : undefined;
}
