// Entry of w.js, the loader every page of the site downloads. It reads the script tag, keeps
// the outbox going, reserves room for inline forms and fetches the Preact forms chunk only when
// a form is about to be needed. Everything runs inside try/catch: whatever goes wrong, the host
// page must not see an uncaught error from us.
import type { EventName, LoaderApi } from "../contract.ts";
import { recordTouch } from "./attribution.ts";
import { chunkLoader } from "./chunk.ts";
import { readConfig } from "./config.ts";
import { startDelivery, submit } from "./delivery.ts";
import { emit, on, warn } from "./events.ts";
import { reserveRoom, SELECTOR, scan, startDownload } from "./scan.ts";

declare const __HIKIAI_VERSION__: string;
/** The forms chunk's file name (f-<hash>.js), defined by the build. */
declare const __HIKIAI_CHUNK__: string;

/**
 * The one global. Before w.js arrives, the page's snippet queues calls in `q`:
 * `window.hikiai = window.hikiai || function(){(hikiai.q = hikiai.q || []).push(arguments)}`.
 */
interface HikiaiGlobal {
  (command: string, ...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
  version?: string;
  /** Picks up marked elements added since; a single-page app can call it after rendering. */
  scan?(): void;
}

declare global {
  interface Window {
    hikiai?: HikiaiGlobal;
  }
}

// Captured synchronously: document.currentScript is null once this first run is over (w.js is
// a classic script, so it is set then, also when a tag manager inserts the tag).
const script = document.currentScript as HTMLScriptElement | null;

function main() {
  const stub = window.hikiai;
  // A second copy of the tag on the page: the first one already did the work.
  if (stub?.version) return;
  const config = readConfig(script);
  if (!config) return warn("no data-site");
  reserveRoom();
  const api: LoaderApi = { attribution: {}, config, submit, emit, download: startDownload };
  const load = chunkLoader(new URL(__HIKIAI_CHUNK__, script!.src), api);
  // scan() guards each element itself; neither can throw into the page.
  const rescan = () => scan(load);
  // This page view's touch, recorded once in a task of its own: scheduled now (below, before
  // the queue runs), or, with data-consent="wait", on the first hikiai('consent', true), which
  // ends the wait (config.wait is true while it lasts).
  const record = () =>
    later(() => {
      api.attribution = recordTouch();
    });
  const consent = () => {
    config.wait = false;
    record();
  };
  // 'on' and 'consent' are the loader's; anything else ('open', 'prefill') waits for the chunk.
  // Whatever the page passes, nothing is thrown back at it, synchronously or as a rejected promise.
  const hikiai: HikiaiGlobal = (command: string, arg?: unknown, fn?: unknown) =>
    guard(() =>
      command === "consent"
        ? // Only true gives consent: false (or anything else) keeps waiting.
          arg === true && config.wait && consent()
        : command === "on"
          ? on(arg as EventName, fn as never)
          : load()
              .then((forms) => forms.run(command, arg))
              .catch(warn),
    );
  hikiai.version = __HIKIAI_VERSION__;
  hikiai.scan = rescan;
  window.hikiai = hikiai;
  if (!config.wait) record();
  // A queue holding something odd (not a list of arguments) must not stop the widget either.
  guard(() => {
    for (const args of stub?.q ?? []) guard(() => hikiai(...(args as unknown as [string])));
  });
  // The rest in tasks of their own, so that none is long on a slow phone: the page's first
  // localStorage read (the browser loads the storage for it) and scanning are the dear parts of
  // the first run. The room is reserved above, so wiring the elements a task later moves nothing.
  later(() => {
    // Submissions left over from earlier page views go out now (delivery.ts); a held one (its
    // Turnstile token expired on the way) is put to the visitor in the chunk's resume dialog.
    startDelivery((entry) => hikiai("resume", entry));
  });
  later(() => {
    // Marked elements added later (by the parser, or by a single-page app) are picked up as
    // they arrive: only the added subtrees are searched, so a page that re-renders often pays a
    // few microseconds per change (docs/embedding.md, "Single-page apps").
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes) if (node.nodeType === 1) scan(load, node as ParentNode);
    }).observe(document, { childList: true, subtree: true });
    rescan();
    // Fetch the chunk when the page is idle, so that a later click opens at once.
    const idle = window.requestIdleCallback ?? setTimeout;
    idle(() => document.querySelector(SELECTOR) && load().catch(() => {}));
  });
}

/** Runs `fn`, never letting an error reach the host page. */
function guard(fn: () => void) {
  try {
    fn();
  } catch (error) {
    warn(error);
  }
}

/** Runs `fn` in a task of its own, guarded. */
const later = (fn: () => void) => setTimeout(guard, 0, fn);

guard(main);
