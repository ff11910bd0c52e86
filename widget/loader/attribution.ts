import type { Attribution } from "../contract.ts";
import { utmOf } from "../utm.ts";
import { store as storage } from "./storage.ts";

/** Where the visitor's first and latest touches are kept (first-party storage, no cookies). */
export const TOUCH_KEY = "hikiai:touch:v1";

// Origin + path only: query strings often carry e-mail addresses and tokens; UTM is kept apart.
const page = (url: URL) => (url.origin + url.pathname).slice(0, 512);

/**
 * Records this page view as a touch when it is the visitor's first, or when it came from a
 * campaign link (utm_*) or another site; moving between the site's own pages, or coming back
 * directly, keeps the last touch (as "last non-direct click" attribution does). Returns both.
 */
export function recordTouch(): Attribution {
  let kept: Attribution = {};
  try {
    kept = JSON.parse(storage!.getItem(TOUCH_KEY)!) || {};
  } catch {}
  // The page URL (a Location converts to its href).
  const url = new URL(location as unknown as string);
  const utm = utmOf(url);
  // An absolute URL or empty.
  const from = document.referrer ? new URL(document.referrer) : undefined;
  if (!kept.first || utm || (from && from.host !== url.host)) {
    const touch = { landingUrl: page(url), referrer: from && page(from), utm, at: Date.now() };
    kept = { first: kept.first ?? touch, last: touch };
    try {
      storage!.setItem(TOUCH_KEY, JSON.stringify(kept));
    } catch {}
  }
  return kept;
}
