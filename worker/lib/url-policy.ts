import { ApiError } from "./api-error.ts";

// Query parameters kept by default: campaign attribution, never personal data. Everything else
// in a query string (e-mail addresses, tokens, session ids are common there) is dropped.
const KEPT_PARAM = /^(utm_[a-z0-9_]+|gclid|fbclid|yclid|gbraid|wbraid|msclkid)$/i;

/** `raw` as a URL when it is absolute http(s), else null. */
function httpUrl(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * What is stored of a URL: without user info ever; by default also without the fragment and
 * without query parameters other than UTM and click ids. `full` (the site opted in) keeps the rest.
 * @example storedUrl(new URL("https://a.jp/p?email=x&utm_source=ad#top"), false) // "https://a.jp/p?utm_source=ad"
 */
export function storedUrl(url: URL, full: boolean): string {
  // Every URL setter serialises the whole URL again: only what changes is set.
  if (url.username || url.password) {
    url.username = "";
    url.password = "";
  }
  if (full) return url.href;
  // A "#" outside the fragment and a "?" before it are percent-encoded, so these find an empty
  // query or fragment ("p?", "p#") too, which `search` and `hash` read as "".
  const href = url.href;
  const hashAt = href.indexOf("#");
  const queryAt = href.indexOf("?");
  let changed = hashAt !== -1;
  if (queryAt !== -1 && (hashAt === -1 || queryAt < hashAt)) {
    const kept = [...url.searchParams].filter(([key]) => KEPT_PARAM.test(key));
    const search = kept.length ? new URLSearchParams(kept).toString() : "";
    if (`?${search}` !== url.search) {
      url.search = search;
      changed = true;
    }
  }
  if (hashAt !== -1) url.hash = "";
  return changed ? url.href : href;
}

const refuse = (field: string) =>
  new ApiError(400, "invalid_body", "The request body is not valid.", { [field]: "must be an absolute http(s) URL" });

/** A URL the submission must carry as http(s): stored per the policy, or a 400 naming `field`. */
function requiredUrl(raw: string, field: string, full: boolean): string {
  const url = httpUrl(raw);
  if (!url) throw refuse(field);
  return storedUrl(url, full);
}

/** A referrer: stored per the policy when http(s), dropped otherwise (the visitor cannot change it). */
const optionalUrl = (raw: string | undefined, full: boolean) => {
  const url = raw ? httpUrl(raw) : null;
  return url ? storedUrl(url, full) : undefined;
};

type Touch = { landingUrl: string; referrer?: string };
type Context = { pageUrl: string; referrer?: string; attribution?: { first?: Touch; last?: Touch } };

/** One attribution touch: its landing page like pageUrl, its referrer like the referrer. */
function policedTouch<T extends Touch>(touch: T | undefined, field: string, full: boolean): T | undefined {
  if (!touch) return undefined;
  const { referrer, ...rest } = touch;
  const kept = optionalUrl(referrer, full);
  return {
    ...rest,
    landingUrl: requiredUrl(touch.landingUrl, `${field}.landingUrl`, full),
    ...(kept ? { referrer: kept } : {}),
  } as T;
}

/**
 * Applies the site's URL policy to every URL of a submission, one rule for all of them:
 * - URLs of the visitor's own pages (`pageUrl`, the attribution touches' `landingUrl`) and the
 *   site's `consent.privacyUrl` must be http(s) (400 naming the field otherwise: `javascript:`
 *   or `data:` URLs served back by the API would run in whatever renders them; the widget only
 *   ever sends http(s) ones);
 * - referrers (`referrer`, each touch's `referrer`) that are not http(s) (e.g. `android-app://…`)
 *   are dropped rather than refused, because the visitor cannot change them;
 * - what is kept is stripped by `storedUrl` (origin, path, UTM and click ids) unless the site
 *   opted in to full URLs.
 */
export function applyUrlPolicy<
  B extends { context: C; consent?: { version: string; privacyUrl?: string } },
  C extends Context,
>(body: B, fullUrls: boolean): B {
  const { context, consent } = body;
  const { attribution } = context;
  const policed: C = {
    ...context,
    pageUrl: requiredUrl(context.pageUrl, "context.pageUrl", fullUrls),
    referrer: optionalUrl(context.referrer, fullUrls),
  };
  if (attribution) {
    const first = policedTouch(attribution.first, "context.attribution.first", fullUrls);
    const last = policedTouch(attribution.last, "context.attribution.last", fullUrls);
    policed.attribution = { ...(first ? { first } : {}), ...(last ? { last } : {}) };
  }
  const privacyUrl = consent?.privacyUrl;
  return {
    ...body,
    context: policed,
    ...(consent
      ? {
          consent: {
            ...consent,
            ...(privacyUrl ? { privacyUrl: requiredUrl(privacyUrl, "consent.privacyUrl", fullUrls) } : {}),
          },
        }
      : {}),
  };
}
