import type { EventName } from "../contract.ts";

type Handler = (detail: Record<string, unknown>) => void;
const handlers: Partial<Record<EventName, Handler[]>> = {};

/** Registers a `hikiai('on', name, fn)` handler. */
export function on(name: EventName, fn: Handler): void {
  handlers[name] = [...(handlers[name] ?? []), fn];
}

/**
 * Tells the host page: a `hikiai:NAME` DOM event on `target` (bubbling out of our shadow roots),
 * the page's `hikiai('on')` handlers, and for a submission Google Tag Manager's dataLayer, when
 * the page has one. The dataLayer gets the kind and record id only, never personal data.
 */
export function emit(name: EventName, target: Element | Document, detail: Record<string, unknown>): void {
  target.dispatchEvent(new CustomEvent(`hikiai:${name}`, { bubbles: true, composed: true, detail }));
  for (const fn of handlers[name] ?? []) {
    try {
      fn(detail);
    } catch (error) {
      // A broken handler of the page must not stop the others, nor surface as ours.
      console.warn("[hikiai]", error);
    }
  }
  const dataLayer = (window as { dataLayer?: unknown[] }).dataLayer;
  if (name === "submitted" && Array.isArray(dataLayer)) {
    const { kind, id } = detail;
    dataLayer.push({ event: kind === "lead" ? "hikiai_lead" : "hikiai_inquiry", hikiai_kind: kind, hikiai_id: id });
  }
}
