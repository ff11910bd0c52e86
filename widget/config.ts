/** What the embed tag tells the widget. */
export interface WidgetConfig {
  siteKey: string;
  /** Origin of the script's own src: the collector that serves w.js also takes the posts. */
  origin: string;
  privacyUrl?: string;
  lang?: string;
  accent?: string;
  /** Shown to visitors when the collector refuses the form, so they can still reach the site. */
  fallbackEmail?: string;
}

const isWebUrl = (value: string) => {
  try {
    return /^https?:$/.test(new URL(value, location.href).protocol);
  } catch {
    return false;
  }
};

/** Reads the embed tag's data-* attributes; undefined when it names no site. */
export function readConfig(script: HTMLScriptElement | null | undefined): WidgetConfig | undefined {
  const data = script?.dataset;
  if (!script || !data?.site) return undefined;
  const { privacyUrl, accent, fallbackEmail } = data;
  return {
    siteKey: data.site,
    origin: new URL(script.src, location.href).origin,
    // Only web links: the value ends up in an href, and javascript: URLs have no place there.
    privacyUrl: privacyUrl && isWebUrl(privacyUrl) ? privacyUrl : undefined,
    lang: data.lang,
    // Checked as a colour because it is spliced into the stylesheet.
    accent: accent && CSS.supports("color", accent) ? accent : undefined,
    // Goes into a mailto: link; anything that is not one plain address is ignored.
    fallbackEmail: fallbackEmail && /^[^\s@?&]+@[^\s@?&]+$/.test(fallbackEmail) ? fallbackEmail : undefined,
  };
}
