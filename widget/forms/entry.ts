import { useState } from "preact/hooks";
import type { FieldName } from "../contract.ts";
import type { OutboxEntry } from "../loader/outbox.ts";
import type { FieldErrors } from "./field-errors.ts";
import { prefill } from "./prefill.ts";

export type Values = Partial<Record<FieldName, string>>;

/**
 * What the visitor typed and the errors shown beside it. A resumed submission starts with its
 * values, any other form with `hikiai('prefill')`'s. Editing a field takes its error away; the
 * next submit checks it again. A keystroke renders nothing: the input already shows what was
 * typed, and re-rendering the whole form in the browser's own input task would lengthen it. The
 * values are kept in one object, so any later render gives each input what it already holds.
 */
export function useEntry(resume?: OutboxEntry) {
  const [values] = useState<Values>(() => ({ ...prefill, ...(resume?.body as Values) }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const edit = (name: FieldName, value: string) => {
    values[name] = value;
    if (errors[name]) setErrors(({ [name]: _, ...rest }) => rest);
  };
  return { values, errors, setErrors, edit };
}

export type Entry = ReturnType<typeof useEntry>;
