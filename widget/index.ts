// Entry of w.js. Everything here runs inside try/catch: whatever goes wrong, the host page
// must not see an uncaught error from us.
import "./zod-jitless.ts";
import { readConfig } from "./config.ts";
import { flush } from "./delivery.ts";
import { scan } from "./scan.ts";

declare const __HIKIAI_VERSION__: string;

/** The one global: lets a single-page app re-scan after rendering new marked elements. */
interface HikiaiGlobal {
  version: string;
  scan(): void;
}

declare global {
  interface Window {
    hikiai?: HikiaiGlobal;
  }
}

// Captured synchronously: document.currentScript is null once this first run is over.
const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-site][src*="/w.js"]');

const guard = (fn: () => void) => () => {
  try {
    fn();
  } catch (error) {
    console.warn("[hikiai]", error);
  }
};

guard(() => {
  // A second copy of the tag on the page: the first one already did the work.
  if (window.hikiai) return;
  const config = readConfig(script);
  if (!config) return console.warn("[hikiai] the script tag needs data-site");
  const rescan = guard(() => scan(config));
  window.hikiai = { version: __HIKIAI_VERSION__, scan: rescan };
  // Submissions left over from earlier page views go out now, all of them, whether or not a
  // form is on screen: backoff paces retries within one page view, but a new page view is a
  // fresh chance and costs at most one request per waiting submission.
  flush(true);
  addEventListener(
    "online",
    guard(() => flush(true)),
  );
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", rescan);
  else rescan();
})();
