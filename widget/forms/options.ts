/** The script tag's options that only the forms use. */
export interface FormOptions {
  privacyUrl?: string;
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

/** Reads and checks data-privacy-url, data-accent and data-fallback-email. */
export function readOptions({ privacyUrl, accent, fallbackEmail }: DOMStringMap): FormOptions {
  return {
    // Only web links: the value ends up in an href, and javascript: URLs have no place there.
    privacyUrl: privacyUrl && isWebUrl(privacyUrl) ? privacyUrl : undefined,
    // Checked as a colour because it is spliced into the stylesheet.
    accent: accent && CSS.supports("color", accent) ? accent : undefined,
    // Goes into a mailto: link; anything that is not one plain address is ignored.
    fallbackEmail: fallbackEmail && /^[^\s@?&]+@[^\s@?&]+$/.test(fallbackEmail) ? fallbackEmail : undefined,
  };
}
