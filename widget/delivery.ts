import type { NewEntry, OutboxEntry } from "./outbox.ts";
import { createOutbox } from "./outbox.ts";
import type { SendResult } from "./send.ts";
import { sendEntry } from "./send.ts";
import { browserStorage } from "./storage.ts";

type Listener = (result: SendResult) => void;

const outbox = createOutbox(browserStorage());
/** Forms on screen waiting for their submission's fate, by submissionId. */
const listeners = new Map<string, Listener>();
const inFlight = new Set<string>();
let timer: ReturnType<typeof setTimeout> | undefined;

/** Stores the submission in the outbox first, then sends it; `listener` hears every outcome. */
export function submit(entry: NewEntry, listener: Listener): void {
  listeners.set(entry.id, listener);
  void attempt(outbox.add(entry, Date.now()));
}

/** Sends whatever is due (or everything, when the browser says it is back online). */
export function flush(all = false): void {
  const now = Date.now();
  for (const entry of all ? outbox.list(now) : outbox.due(now)) void attempt(entry);
  schedule();
}

async function attempt(entry: OutboxEntry) {
  if (inFlight.has(entry.id)) return;
  inFlight.add(entry.id);
  try {
    const result = await sendEntry(entry);
    const listener = listeners.get(entry.id);
    if (result.ok || !result.retry) {
      outbox.remove(entry.id);
      listeners.delete(entry.id);
    } else {
      outbox.retryLater(entry.id, Date.now());
    }
    if (!result.ok && !result.retry && result.refused) reportRefusal(entry, result);
    if (listener) listener(result);
    else if (result.ok) announceDeferred(entry, result);
    else if (!result.retry) announce("error", entry, { code: result.code ?? "refused", status: result.status });
  } catch (error) {
    // Nothing may surface as an unhandled rejection: error monitors on the host page catch those.
    console.warn("[hikiai]", error);
  } finally {
    inFlight.delete(entry.id);
    schedule();
  }
}

// What the site owner must change, per refusal code: the console is where they look first.
const FIXES: Record<string, string> = {
  origin_not_allowed: `add ${location.origin} to the site's allowed origins`,
  site_disabled: "the site is disabled on the collector; enable it",
  unknown_site: "data-site on the script tag names no site on this collector; check the key",
};

/** Tells the site owner, in the console, that the collector turns this page away and why. */
function reportRefusal(entry: OutboxEntry, r: { status: number; code?: string; message?: string }) {
  console.error(
    `[hikiai] ${entry.origin} refused a submission from this page (${r.status} ${r.code ?? ""}: ${r.message ?? ""}). ` +
      `To fix: ${FIXES[r.code ?? ""] ?? "check data-site and the site's settings"}. The visitor was told; nothing was queued.`,
  );
}

// A submission from an earlier page view has no form to follow it; the page still hears about
// it, so that its analytics can count the conversion (or its monitoring the failure).
function announce(name: "submitted" | "error", entry: OutboxEntry, detail: Record<string, unknown>) {
  const kind = "kind" in entry.body ? entry.body.kind : "lead";
  document.dispatchEvent(new CustomEvent(`hikiai:${name}`, { detail: { kind, ...detail, deferred: true } }));
}

function announceDeferred(entry: OutboxEntry, result: { id: string; duplicate: boolean }) {
  announce("submitted", entry, { id: result.id, duplicate: result.duplicate });
}

// One timer for the earliest waiting entry. Entries in flight are left out: their answer
// reschedules them, and counting them would spin the timer at 0 ms until it arrives.
function schedule() {
  clearTimeout(timer);
  const now = Date.now();
  const waiting = outbox.list(now).filter((e) => !inFlight.has(e.id));
  if (waiting.length) timer = setTimeout(flush, Math.max(0, Math.min(...waiting.map((e) => e.nextAttemptAt)) - now));
}
