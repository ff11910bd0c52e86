import { useState } from "preact/hooks";
import type { FieldName } from "../contract.ts";
import type { OutboxEntry } from "../loader/outbox.ts";
import type { FieldErrors } from "./field-errors.ts";
import { prefill } from "./prefill.ts";

export type Values = Partial<Record<FieldName, string>>;

/**
 * What the visitor typed and the errors shown beside it. A resumed submission starts with its
 * values, any other form with `hikiai('prefill')`'s. Editing a field takes its error away; the
 * next submit checks it again.
 */
export function useEntry(resume?: OutboxEntry) {
  const [values, setValues] = useState<Values>(() => ({ ...prefill, ...(resume?.body as Values) }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const edit = (name: FieldName, value: string) => {
    setValues((old) => ({ ...old, [name]: value }));
    if (errors[name]) setErrors(({ [name]: _, ...rest }) => rest);
  };
  return { values, errors, setErrors, edit };
}

export type Entry = ReturnType<typeof useEntry>;
