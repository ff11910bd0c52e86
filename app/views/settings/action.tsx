import { useState } from "preact/hooks";
import { ApiError } from "../../lib/api.ts";

export interface Action {
  busy: boolean;
  /** Runs `work`; on success shows `done` (if any), on failure the API's reason (naming the field). */
  run: (work: () => Promise<unknown>, done?: string) => Promise<boolean>;
  /** The outcome line: a polite status, or an alert for a failure. */
  outcome: preact.JSX.Element | null;
  /** The fields the last failure named (API field → reason), to show next to each field. */
  fields: Record<string, string>;
}

/** One mutation at a time per section, with what happened said next to it. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ text: string; failed: boolean } | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const run = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setSaid(null);
    setFields({});
    try {
      await work();
      if (done) setSaid({ text: done, failed: false });
      return true;
    } catch (error) {
      setSaid({ text: error instanceof ApiError ? error.message : String(error), failed: true });
      if (error instanceof ApiError) setFields(error.fields);
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
  return { busy, run, outcome, fields };
}

/** A form's submit button (its busy words while the action runs), then what happened. */
export function SubmitRow({ action, label, busyLabel }: { action: Action; label: string; busyLabel: string }) {
  return (
    <>
      <p>
        <button type="submit" class="primary" disabled={action.busy}>
          {action.busy ? busyLabel : label}
        </button>
      </p>
      {action.outcome}
    </>
  );
}
