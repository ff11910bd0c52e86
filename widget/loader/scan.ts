import type { FormKind, FormProps, Forms } from "../contract.ts";
import { emit } from "./events.ts";

export const SELECTOR = "[data-hikiai-download],[data-hikiai-lead],[data-hikiai-inquiry]";
/**
 * Room reserved at once for each inline form (px), so nothing below it moves when the form
 * arrives: the tallest rendering measured on the demo page (both languages, 360–1280 px wide).
 * `data-hikiai-height` overrides it for a container of unusual width.
 */
export const INLINE_HEIGHTS: Record<FormKind, number> = { lead: 470, demo: 740, quote: 630, contact: 630 };
/** Elements already handled: a re-scan after an SPA navigation must not mount twice. */
const seen = new WeakSet<Element>();
// Inline forms render when they come within this distance of the viewport: far enough ahead
// that the chunk has loaded and rendered before the visitor scrolls there.
const NEAR = "800px";

export type Load = () => Promise<Forms>;

/**
 * Finds marked elements and wires each once: links and buttons open a dialog on click (the
 * chunk is fetched as the pointer or focus arrives), any other element gets a reserved box that
 * renders its form as it nears the viewport.
 */
export function scan(load: Load, root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>(SELECTOR)) {
    if (seen.has(el)) continue;
    seen.add(el);
    try {
      const props = propsOf(el);
      if (!props) continue;
      if (el.matches("a,button")) wireTrigger(el, props, load);
      else reserveInline(el, props, load);
    } catch (error) {
      // One odd element must not stop the others.
      console.warn("[hikiai]", el, error);
    }
  }
}

function propsOf(el: HTMLElement): FormProps | undefined {
  const data = el.dataset;
  const resourceId = data.hikiaiDownload ?? data.hikiaiLead;
  const kind = (resourceId !== undefined ? "lead" : data.hikiaiInquiry) as FormKind;
  if (!INLINE_HEIGHTS[kind]) return void console.warn("[hikiai] unknown form kind", el);
  // A link's href (a button has none): the gated file.
  return { kind, host: el, resourceId, href: (kind === "lead" && (el as HTMLAnchorElement).href) || undefined };
}

function wireTrigger(el: HTMLElement, props: FormProps, load: Load) {
  const prefetch = () => void load().catch(() => {});
  el.addEventListener("pointerenter", prefetch, { once: true });
  el.addEventListener("focus", prefetch, { once: true });
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
  host.setAttribute("data-hikiai-form", props.kind);
  const height = Number(container.dataset.hikiaiHeight) || INLINE_HEIGHTS[props.kind];
  // The shadow stylesheet keeps min-height at var(--hk-h) when the form arrives.
  host.style.cssText = `display:block;--hk-h:${height}px;min-height:var(--hk-h)`;
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
      if (!entry?.isIntersecting) return;
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
    ? "<p>フォームを読み込めませんでした。<button>再読み込み</button></p>"
    : "<p>The form could not be loaded. <button>Try again</button></p>";
  host.querySelector("button")!.onclick = () => {
    host.innerHTML = "";
    retry();
  };
}

function chunkFailed(props: FormProps, error: unknown) {
  console.error("[hikiai]", error);
  emit("error", props.host, { kind: props.kind, code: "chunk_failed" });
}

/**
 * Starts a file download as the visitor's own click on an `<a download>` would: same-origin
 * files download, others open in a new tab instead of replacing this page.
 */
export function startDownload(href: string): void {
  const a = document.createElement("a");
  Object.assign(a, { href, download: "", target: "_blank", rel: "noopener" });
  document.body.appendChild(a).click();
  a.remove();
}
