import { emit } from "./events.ts";
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
    if (listener) listener(result);
    else if (result.ok || !result.retry) announceDeferred(entry, result);
  } catch (error) {
    // Nothing may surface as an unhandled rejection: error monitors on the host page catch those.
    console.warn("[hikiai]", error);
  } finally {
    inFlight.delete(entry.id);
    schedule();
  }
}

// A submission from an earlier page view has no form to follow it; the page still hears about
// it, so that its analytics can count the conversion (or its monitoring the failure).
function announceDeferred(entry: OutboxEntry, result: SendResult) {
  emit(result.ok ? "submitted" : "error", document, {
    kind: "kind" in entry.body ? entry.body.kind : "lead",
    ...(result.ok
      ? { id: result.id, duplicate: result.duplicate }
      : { code: "code" in result && result.code, status: "status" in result && result.status }),
    deferred: true,
  });
}

// One timer for the earliest waiting entry. Entries in flight are left out: their answer
// reschedules them, and counting them would spin the timer at 0 ms until it arrives.
function schedule() {
  clearTimeout(timer);
  const now = Date.now();
  const waiting = outbox.list(now).filter((e) => !inFlight.has(e.id));
  if (waiting.length) timer = setTimeout(flush, Math.max(0, Math.min(...waiting.map((e) => e.nextAttemptAt)) - now));
}
