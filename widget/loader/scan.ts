import type { FormKind, FormProps, Forms } from "../contract.ts";
import { emit, warn } from "./events.ts";

export const SELECTOR = "[data-hikiai-download],[data-hikiai-lead],[data-hikiai-inquiry]";
/**
 * Room reserved for each inline form (px), so nothing below it moves when the form arrives: the
 * tallest rendering measured on the demo page (both languages, 360–1280 px wide). A stylesheet,
 * so that it applies to each marked container as soon as it is parsed (or added by a
 * single-page app), before any scan. The page's own min-height on the container wins (a class
 * rule, or style="min-height:…"), for a container of unusual width.
 */
export const RESERVE_CSS =
  // quote and contact: 630 px, demo (a later rule of the same specificity): 740 px, lead: 470 px.
  "[data-hikiai-inquiry]:not(a,button){min-height:630px}[data-hikiai-inquiry=demo]:not(a,button){min-height:740px}" +
  "[data-hikiai-lead]:not(a,button){min-height:470px}";
/** Elements already handled: a re-scan after an SPA navigation must not mount twice. */
const seen = new WeakSet<Element>();
// Inline forms render when they come within this distance of the viewport: far enough ahead
// that the chunk has loaded and rendered before the visitor scrolls there.
const NEAR = "800px";

/**
 * Reserves every inline form's room at once: a constructed stylesheet (no <style> element, so
 * a Content-Security-Policy without 'unsafe-inline' does not block it). Safari before 16.4 has no
 * constructed stylesheets: there the forms work without their room reserved beforehand (the
 * page moves once as each renders); a <style> fallback would not fit the loader's budget.
 */
export function reserveRoom(): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(RESERVE_CSS);
    document.adoptedStyleSheets.push(sheet);
  } catch {}
}

export type Load = () => Promise<Forms>;

/**
 * Finds marked elements in `root` (itself included) and wires each once: links and buttons open
 * a dialog on click (the chunk is fetched as the pointer or focus arrives), any other element
 * gets a reserved box that renders its form as it nears the viewport.
 */
export function scan(load: Load, root: ParentNode = document): void {
  for (const el of [root, ...root.querySelectorAll(SELECTOR)] as HTMLElement[]) {
    if (seen.has(el) || !el.matches?.(SELECTOR)) continue;
    seen.add(el);
    try {
      const props = propsOf(el);
      if (!props) continue;
      if (el.matches("a,button")) wireTrigger(el, props, load);
      else reserveInline(el, props, load);
    } catch (error) {
      // One odd element must not stop the others.
      warn(el, error);
    }
  }
}

function propsOf(el: HTMLElement): FormProps | undefined {
  const data = el.dataset;
  const resourceId = data.hikiaiDownload ?? data.hikiaiLead;
  const kind = (resourceId !== undefined ? "lead" : data.hikiaiInquiry) as FormKind;
  // An unknown kind is left alone.
  if (!/^(lead|demo|quote|contact)$/.test(kind)) return;
  // A link's href (a button has none): the gated file.
  return { kind, host: el, resourceId, href: (kind === "lead" && (el as HTMLAnchorElement).href) || undefined };
}

function wireTrigger(el: HTMLElement, props: FormProps, load: Load) {
  const prefetch = () => void load().catch(() => {});
  for (const type of ["pointerenter", "focus"]) el.addEventListener(type, prefetch, { once: true });
  el.addEventListener("click", (e) => {
    // Modified clicks (new tab, save link) keep their usual meaning.
    if (e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    load().then(
      (forms) => forms.dialog(props, el),
      (error) => {
        chunkFailed(props, error);
        // The visitor must never be blocked: without the form, the gated file still comes.
        if (props.href) startDownload(props.href);
      },
    );
  });
}

function reserveInline(container: HTMLElement, props: FormProps, load: Load) {
  const host = document.createElement("div");
  host.dataset.hikiaiForm = props.kind;
  // The chunk's :host style keeps at least the height the form first took in every state.
  container.appendChild(host);
  const render = () =>
    load().then(
      (forms) => forms.inline(host, props),
      (error) => {
        chunkFailed(props, error);
        showRetry(host, render);
      },
    );
  // One observer per box: a page has a handful of forms, and each stops watching once near.
  new IntersectionObserver(
    ([entry], observer) => {
      if (!entry!.isIntersecting) return;
      observer.disconnect();
      render();
    },
    { rootMargin: NEAR },
  ).observe(host);
}

// Plain light-DOM content in the reserved box (the chunk with our styles and texts is what
// failed), in Japanese where the page or the browser is; constant markup only.
function showRetry(host: HTMLElement, retry: () => void) {
  host.innerHTML = /^ja/i.test(host.closest<HTMLElement>("[lang]")?.lang || navigator.language)
    ? "フォームを読み込めません。<button>再読み込み</button>"
    : "The form did not load. <button>Retry</button>";
  host.querySelector("button")!.onclick = () => {
    host.innerHTML = "";
    retry();
  };
}

function chunkFailed(props: FormProps, error: unknown) {
  warn(error);
  emit("error", props.host, { kind: props.kind, code: "chunk_failed" });
}

/**
 * Starts a file download as the visitor's own click on an `<a download>` would: same-origin
 * files download, others open in a new tab instead of replacing this page.
 */
export function startDownload(href: string): void {
  const a = document.createElement("a");
  // target=_blank implies noopener in every browser the widget supports.
  Object.assign(a, { href, download: "", target: "_blank" });
  document.body.appendChild(a).click();
  a.remove();
}
