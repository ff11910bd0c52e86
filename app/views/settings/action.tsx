import { useState } from "preact/hooks";
import { ApiError } from "../../lib/api.ts";

export interface Action {
  busy: boolean;
  /** Runs `work`; on success shows `done` (if any), on failure the API's reason (naming the field). */
  run: (work: () => Promise<unknown>, done?: string) => Promise<boolean>;
  /** The outcome line: a polite status, or an alert for a failure. */
  outcome: preact.JSX.Element | null;
}

/** One mutation at a time per section, with what happened said next to it. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ text: string; failed: boolean } | null>(null);
  const run = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setSaid(null);
    try {
      await work();
      if (done) setSaid({ text: done, failed: false });
      return true;
    } catch (error) {
      setSaid({ text: error instanceof ApiError ? error.message : String(error), failed: true });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const outcome = said ? (
    <p class={said.failed ? "state state-error" : "notice"} role={said.failed ? "alert" : "status"}>
      {said.text}
    </p>
  ) : null;
  return { busy, run, outcome };
}
