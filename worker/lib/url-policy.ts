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
  url.username = "";
  url.password = "";
  if (full) return url.href;
  const kept = [...url.searchParams].filter(([key]) => KEPT_PARAM.test(key));
  url.search = kept.length ? new URLSearchParams(kept).toString() : "";
  url.hash = "";
  return url.href;
}

/**
 * Applies the site's URL policy to a submission's context: `pageUrl` must be http(s) (400
 * otherwise: `javascript:` or `data:` URLs served back by the API would run in whatever renders
 * them); a referrer that is not http(s) (e.g. `android-app://…`) is dropped rather than refused,
 * because the visitor cannot change it.
 */
export function applyUrlPolicy<C extends { pageUrl: string; referrer?: string }>(context: C, fullUrls: boolean): C {
  const page = httpUrl(context.pageUrl);
  if (!page) {
    throw new ApiError(400, "invalid_body", "The request body is not valid.", {
      "context.pageUrl": "must be an absolute http(s) URL",
    });
  }
  const referrer = context.referrer ? httpUrl(context.referrer) : null;
  return {
    ...context,
    pageUrl: storedUrl(page, fullUrls),
    referrer: referrer ? storedUrl(referrer, fullUrls) : undefined,
  };
}
