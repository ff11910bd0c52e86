import { emit, warn } from "./events.ts";
import type { DropReason, NewEntry, OutboxEntry } from "./outbox.ts";
import { createOutbox } from "./outbox.ts";
import type { SendResult } from "./send.ts";
import { MAX_RETRY_AFTER_MS, sendEntry } from "./send.ts";
import { store } from "./storage.ts";

type Listener = (result: SendResult) => void;

const outbox = createOutbox(store, dropped);
/** Forms on screen waiting for their submission's fate, by submissionId. */
const listeners = new Map<string, Listener>();
/** Entries this page is delivering (or waiting to deliver, behind another tab). */
const running = new Set<string>();
/** Puts a held entry to the visitor (see `deliver`); given to `startDelivery`. */
let resume: (entry: OutboxEntry) => void;

/** Stores the submission in the outbox first, then sends it; `listener` hears every outcome. */
export function submit(entry: NewEntry, listener: Listener): void {
  listeners.set(entry.id, listener);
  // Stored at once (a visitor may close the tab right after the click), then sent under its lock.
  outbox.add(entry, Date.now());
  deliver(entry.id, entry);
}

/**
 * On a page view: takes up every submission left by earlier page views, whether or not a form is
 * on screen, each when it is due. A new page view does not reset an entry's schedule (backoff,
 * or the collector's Retry-After): visitors browsing a site during an outage must not flood it.
 * `onHeld` gets each entry that only the visitor can now send (see `deliver`).
 */
export function startDelivery(onHeld: (entry: OutboxEntry) => void): void {
  resume = onHeld;
  for (const entry of outbox.list(Date.now())) deliver(entry.id);
  addEventListener("pagehide", sendBeforeLeaving);
}

/**
 * Without localStorage (blocked, private mode, quota) the outbox lives in memory and dies with
 * the page: whatever is left goes out as keepalive requests, which outlive it.
 */
function sendBeforeLeaving() {
  if (!outbox.persists()) for (const entry of outbox.list(Date.now())) void sendEntry(entry, true);
}

/**
 * Delivers one entry until the collector has answered or the outbox gives it up. Two tabs of a
 * site share the outbox, so each entry is delivered under a Web Lock of its own: the tab holding
 * it sends and retries; the others queue for the lock and, once they get it, find the entry gone
 * (delivered) or take over (its tab was closed). Without the Locks API two tabs may both send,
 * which the collector's deduplication makes harmless.
 */
function deliver(id: string, added?: NewEntry) {
  if (running.has(id)) return;
  running.add(id);
  const run = async () => {
    for (;;) {
      // Read afresh every time: the give-up limit may have dropped it meanwhile.
      const now = Date.now();
      let entry = outbox.get(id, now);
      if (!entry) {
        // Another tab took a new submission between its write and this lock (a narrow race) and
        // delivered it: the form still waiting asks once more, and the collector answers with
        // the stored record.
        if (!added || !listeners.has(id)) return;
        entry = outbox.add(added, now);
      }
      added = undefined;
      const wait = entry.nextAttemptAt - now;
      if (wait > 0 || !navigator.onLine) {
        // Nothing to gain from failing fast while offline: the next try waits for the network.
        await new Promise((resolve) =>
          navigator.onLine ? setTimeout(resolve, wait) : addEventListener("online", resolve, { once: true }),
        );
        continue;
      }
      const result = await sendEntry(entry);
      // Refused with its page gone (a Turnstile token that expired on the way, a site or origin
      // turned away meanwhile, a body the collector no longer takes): only the visitor can act
      // (a new challenge, an edit, the fallback e-mail). Never dropped unseen: kept (tried again
      // an hour later at the soonest, so a fixed site still gets it) and put to them through
      // `startDelivery`'s callback (the chunk's resume dialog), until sent or the give-up limit.
      const held = !result.ok && !result.retry && !listeners.has(id);
      const final = !held && (result.ok || !result.retry);
      if (final) outbox.remove(id);
      else outbox.retryLater(id, Date.now(), held ? MAX_RETRY_AFTER_MS : (result as { wait: number }).wait);
      if (held) return resume(entry);
      tell(entry, result, final);
      if (final) return;
    }
  };
  (navigator.locks ? navigator.locks.request(`hikiai:${id}`, run) : run())
    // Nothing may surface as an unhandled rejection: error monitors on the host page catch those.
    .catch(warn)
    .finally(() => running.delete(id));
}

// The form that sent it hears every outcome; a submission from an earlier page view has no form
// to follow it, and the page still hears of its fate, so that its analytics can count the
// conversion (or its monitoring the failure). The detail is the answer itself: {id, duplicate}
// or {code, status, …} (no personal data).
function tell(entry: OutboxEntry, result: SendResult, final: boolean, detail?: object) {
  const listener = listeners.get(entry.id);
  if (final) listeners.delete(entry.id);
  if (listener) listener(result);
  if (final && (detail || !listener))
    emit(result.ok ? "submitted" : "error", document, {
      kind: (entry.body as { kind?: string }).kind ?? "lead",
      ...result,
      deferred: !listener,
      ...detail,
    });
}

// An entry past the give-up limit has already left storage. A form still waiting for it says it
// could not be sent (what was typed is still in it); the page hears `gave_up` with the reason.
function dropped(entry: OutboxEntry, reason: DropReason) {
  tell(entry, { ok: false, retry: false, code: "gave_up" } as SendResult, true, { reason });
}
