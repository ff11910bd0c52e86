// Which page a form analytics count belongs to (docs/analytics.md, "Which page"). The collector
// decides it, not the widget, so every beacon (and every forged one) is keyed the same way.
// db/form-stats.ts applies the same rule in SQL to the stored leads' and inquiries' page_url, so
// a page's submissions meet its counters: test/worker/form-pages.test.ts holds the two equal.

/**
 * The counters' key of a page: origin + path, without query string or fragment, and without
 * trailing slashes (but the root's one), so `/pricing/` and `/pricing?utm_source=ad` count as
 * `/pricing`.
 * @example formPageKey(new URL("https://A.jp/pricing/?utm_source=ad#top")) // "https://a.jp/pricing"
 */
export function formPageKey(url: URL): string {
  return url.origin + (url.pathname.replace(/\/+$/, "") || "/");
}
