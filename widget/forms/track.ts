// Form analytics (docs/analytics.md) from the forms chunk's side: which forms to count, and the
// analytics chunk (a-<hash>.js, widget/analytics/) imported once the site's setting says so and
// the browser sends neither Do Not Track nor Global Privacy Control. Sites and visitors without
// analytics download none of it.
import type { RefObject } from "preact";
import { useEffect } from "preact/hooks";
import type { FormProps, LoaderApi } from "../contract.ts";

declare const __HIKIAI_ANALYTICS__: string;

type Track = (form: FormProps, api: LoaderApi, el: HTMLElement, inline?: boolean, early?: EventTarget[]) => void;

const waiting: Parameters<Track>[] = [];
let track: Track | undefined;

/** The site's setting (GET /v1/widget-config), on a Turnstile site once a challenge was passed. */
export function allowCounting(site: boolean) {
  const nav = navigator as { doNotTrack?: string | null; globalPrivacyControl?: boolean };
  if (site && !track && nav.doNotTrack !== "1" && !nav.globalPrivacyControl)
    import(/* @vite-ignore */ new URL(__HIKIAI_ANALYTICS__, import.meta.url).href).then((m: { track: Track }) => {
      track ||= m.track;
      for (const args of waiting.splice(0)) track(...args);
    }, Boolean);
}

/** Counts this form's views, starts, submit attempts, refused fields and abandons. */
export function useTrack(form: FormProps, api: LoaderApi, root: RefObject<HTMLElement | null>, inline?: boolean) {
  useEffect(() => {
    const el = root.current!;
    if (track) return track(form, api, el, inline);
    // A fill sent before the chunk arrives (autofill, a slow network) still counts: the targets
    // of its inputs and submits are kept for the chunk, which plays them back (an event of a
    // shadow tree has no target once dispatched). The chunk reads of the inputs only that there
    // was one and the last one's field (a start), so the last one alone is kept, first: a page
    // that never counts holds one input and its submits.
    const early: EventTarget[] = [];
    const keep = (e: Event) => {
      if (!track) early[e.type === "input" ? 0 : early.length || 1] = e.target!;
    };
    el.addEventListener("input", keep, true);
    el.addEventListener("submit", keep, true);
    waiting.push([form, api, el, inline, early]);
  }, []);
}
