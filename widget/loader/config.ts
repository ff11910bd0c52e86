/** What the embed tag tells the loader; the chunk reads its own options from `data`. */
export interface WidgetConfig {
  siteKey: string;
  /** Origin of the script's own src: the collector that serves w.js also takes the posts. */
  origin: string;
  /** The script tag's data-* attributes (privacy URL, accent, fallback e-mail: see forms/options.ts). */
  data: DOMStringMap;
}

/** Reads the embed tag; undefined when it names no site. */
export function readConfig(script: HTMLScriptElement | null): WidgetConfig | undefined {
  const data = script?.dataset;
  // data-lang and the options stay in `data`, for the chunk.
  if (data?.site) return { siteKey: data.site, origin: new URL(script!.src).origin, data };
}
