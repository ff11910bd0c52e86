// Form analytics (docs/analytics.md) from the forms chunk's side: which forms to count, and the
// analytics chunk (a-<hash>.js, widget/analytics/) imported once the site's setting says so and
// the browser sends neither Do Not Track nor Global Privacy Control. Sites and visitors without
// analytics download none of it.
import type { RefObject } from "preact";
import { useEffect } from "preact/hooks";
import type { FormProps, LoaderApi } from "../contract.ts";

declare const __HIKIAI_ANALYTICS__: string;

type Track = (form: FormProps, api: LoaderApi, el: HTMLElement, inline?: boolean) => void;
type Args = [FormProps, LoaderApi, RefObject<HTMLElement | null>, boolean | undefined];

const waiting: Args[] = [];
let track: Track | undefined;

/** The site's setting (GET /v1/widget-config), on a Turnstile site once a challenge was passed. */
export function allowCounting(site: boolean) {
  const nav = navigator as { doNotTrack?: string | null; globalPrivacyControl?: boolean };
  if (site && !track && nav.doNotTrack !== "1" && !nav.globalPrivacyControl)
    import(/* @vite-ignore */ new URL(__HIKIAI_ANALYTICS__, import.meta.url).href).then((m: { track: Track }) => {
      track ||= m.track;
      for (const [form, api, root, inline] of waiting.splice(0)) track(form, api, root.current!, inline);
    }, Boolean);
}

/** Counts this form's views, starts, submit attempts, refused fields and abandons. */
export function useTrack(form: FormProps, api: LoaderApi, root: RefObject<HTMLElement | null>, inline?: boolean) {
  useEffect(() => {
    if (track) track(form, api, root.current!, inline);
    else waiting.push([form, api, root, inline]);
  }, []);
}
