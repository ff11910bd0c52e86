import type { WidgetConfig } from "./config.ts";
import type { FormProps } from "./form.ts";
import type { FormKind } from "./i18n.ts";
import { pickLang } from "./i18n.ts";
import { mountInline, openDialog } from "./mount.ts";

const SELECTOR = "[data-hikiai-download],[data-hikiai-lead],[data-hikiai-inquiry]";
const INQUIRY_KINDS = ["demo", "quote", "contact"];
/** Elements already handled: a re-scan after an SPA navigation must not mount twice. */
const seen = new WeakSet<Element>();

/**
 * Finds marked elements and wires each once: links and buttons open a dialog on click, any
 * other element gets the form inline.
 */
export function scan(config: WidgetConfig): void {
  for (const el of document.querySelectorAll<HTMLElement>(SELECTOR)) {
    if (seen.has(el)) continue;
    seen.add(el);
    try {
      wire(el, config);
    } catch (error) {
      // One odd element (say, one that already has a shadow root) must not stop the others.
      console.warn("[hikiai]", el, error);
    }
  }
}

function wire(el: HTMLElement, config: WidgetConfig) {
  const data = el.dataset;
  const resourceId = data.hikiaiDownload ?? data.hikiaiLead;
  const kind = (resourceId !== undefined ? "lead" : data.hikiaiInquiry) as FormKind;
  if (kind !== "lead" && !INQUIRY_KINDS.includes(kind)) {
    return console.warn("[hikiai] data-hikiai-inquiry must be demo, quote or contact", el);
  }
  const isLink = el instanceof HTMLAnchorElement;
  const props: FormProps = {
    kind,
    lang: pickLang(data.lang, config.lang, document.documentElement.lang, navigator.language),
    config,
    host: el,
    resourceId,
    href: (isLink && kind === "lead" && el.href) || undefined,
  };
  if (isLink || el instanceof HTMLButtonElement) {
    el.addEventListener("click", (e) => {
      try {
        openDialog(el, props);
        e.preventDefault();
      } catch (error) {
        // The link or button then does what it would do without us: a broken widget must not
        // leave the visitor with a dead link.
        console.warn("[hikiai]", error);
      }
    });
  } else {
    mountInline(el, props);
  }
}
