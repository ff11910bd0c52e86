/**
 * What the embed tag tells the loader; the chunk reads its own options from `data`, and takes the
 * collector's origin from its own URL (forms/collector.ts).
 */
export interface WidgetConfig {
  /**
   * The script tag's data-* attributes: `site` (the site's public key, always set), the privacy
   * URL, accent, fallback e-mail (see forms/options.ts).
   */
  data: DOMStringMap & { site: string };
  /**
   * data-consent="wait": attribution is neither read from nor written to localStorage until the
   * page calls hikiai('consent', true) (GDPR/ePrivacy: storage on the visitor's device needs consent).
   */
  wait: boolean;
}

/** Reads the embed tag; undefined when it names no site. */
export function readConfig(script: HTMLScriptElement | null): WidgetConfig | undefined {
  const data = script?.dataset;
  // data-lang and the options stay in `data`, for the chunk.
  if (data?.site) return { data: data as WidgetConfig["data"], wait: data.consent === "wait" };
}
