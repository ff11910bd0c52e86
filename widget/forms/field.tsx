import type { FormKind } from "../contract.ts";
import type { FieldSpec } from "./form-spec.ts";
import type { Texts } from "./i18n.ts";

const AUTOCOMPLETE: Record<string, string> = { email: "email", name: "name", company: "organization" };

interface FieldProps {
  spec: FieldSpec;
  kind: FormKind;
  texts: Texts;
  value: string;
  error?: string;
  /** Only the label: its input comes in the next frame (forms/pace.ts). */
  labelOnly?: boolean;
  onInput(value: string): void;
}

/** A labelled input with its error line; ids are per shadow root, so forms cannot collide. */
export function Field({ spec, kind, texts, value, error, labelOnly, onInput }: FieldProps) {
  const { name, required, multiline } = spec;
  const id = `hk-${name}`;
  const { label, placeholder } = name === "message" ? texts.forms[kind].message! : texts.fields[name];
  const attrs = {
    id,
    name,
    value,
    placeholder,
    autocomplete: AUTOCOMPLETE[name] ?? "off",
    "aria-required": required ? "true" : undefined,
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": error ? `${id}-e` : undefined,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  } as const;
  return (
    <div class="f">
      <label for={id}>
        {label}
        {required && <span class="q">{texts.required}</span>}
      </label>
      {labelOnly ? null : multiline ? (
        <textarea {...attrs} rows={4} />
      ) : (
        // type="text" with inputmode for e-mail: type="email" lets the browser reject or rewrite
        // full-width input (ｔａｒｏ＠…) that the schema accepts after NFKC normalisation.
        <input
          {...attrs}
          type="text"
          {...(name === "email" && { inputMode: "email", autocapitalize: "off", spellcheck: false })}
        />
      )}
      {error && (
        <p class="e" id={`${id}-e`} data-error-for={name}>
          {error}
        </p>
      )}
    </div>
  );
}
