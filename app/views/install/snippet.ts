// The two ways to install the widget the install view offers: the script tag for the page's
// <head> (as the README's "Embed it" recommends) and the same tag for a Google Tag Manager
// custom HTML tag, which inserts it after the page has loaded.

/** The recommended embed tag: async (parsing never waits), render-blocking where supported (no layout shift). */
export function embedSnippet(collector: string, siteKey: string): string {
  return `<script src="${collector}/w.js" data-site="${siteKey}" data-privacy-url="/privacy" async blocking="render"></script>`;
}

/**
 * A Google Tag Manager custom HTML tag: the tag manager runs it after the page has started (or
 * finished) loading, so it creates the script element itself; `blocking` would have no effect
 * there, and creating the element keeps the data-* attributes whatever GTM does with markup.
 */
export function tagManagerSnippet(collector: string, siteKey: string): string {
  return `<script>
(function (d) {
  var s = d.createElement("script");
  s.src = "${collector}/w.js";
  s.async = true;
  s.setAttribute("data-site", "${siteKey}");
  s.setAttribute("data-privacy-url", "/privacy");
  d.head.appendChild(s);
})(document);
</script>`;
}
