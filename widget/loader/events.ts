import type { EventName } from "../contract.ts";

type Handler = (detail: Record<string, unknown>) => void;
// A Map: a page's hikiai('on', '__proto__' or 'constructor', fn) is just an unknown name.
const handlers = new Map<EventName, Handler[]>();

/** Registers a `hikiai('on', name, fn)` handler. */
export function on(name: EventName, fn: Handler): void {
  handlers.set(name, [...(handlers.get(name) ?? []), fn]);
}

/** Logs for the site owner, marked as ours. */
export const warn = (...args: unknown[]) => console.warn("[hikiai]", ...args);

/**
 * Tells the host page: a bubbling `hikiai:NAME` DOM event on `target`
 * and the page's `hikiai('on')` handlers.
 */
export function emit(name: EventName, target: Element | Document, detail: Record<string, unknown>): void {
  // Dispatched on the marked element itself (light DOM), so bubbling reaches the document.
  target.dispatchEvent(new CustomEvent(`hikiai:${name}`, { bubbles: true, detail }));
  for (const fn of handlers.get(name) ?? []) {
    try {
      fn(detail);
    } catch (error) {
      // A broken handler of the page must not stop the others, nor surface as ours.
      warn(error);
    }
  }
}
