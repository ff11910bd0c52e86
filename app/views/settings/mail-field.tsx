// Form fields of the mail sections. A labelled input (or textarea) with its hint and the API's
// reason for refusing it, tied to the control by aria-describedby, so the reason is read out
// where the field is; a select.

interface FieldProps {
  /** The form's own prefix, so two forms on the page never share an id. */
  form: string;
  /** The FormData name, also the API's field name (`ja.subject`, `fromAddress`). */
  name: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  type?: "text" | "email" | "number";
  rows?: number;
  maxLength?: number;
}

export function Field({ form, name, label, value, error, hint, type = "text", rows, maxLength }: FieldProps) {
  const id = `${form}-${name.replace(/\W/g, "-")}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  const common = { id, name, defaultValue: value, maxLength, "aria-invalid": error ? true : undefined };
  return (
    <div class="mail-field" data-field={name}>
      <label for={id}>{label}</label>
      {rows ? (
        <textarea {...common} rows={rows} aria-describedby={described} />
      ) : (
        // Preact types each input type apart; the props here suit all three.
        <input {...common} type={type as "text"} aria-describedby={described} />
      )}
      {hint && (
        <p id={`${id}-hint`} class="muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error" data-field-error={name}>
          {error}
        </p>
      )}
    </div>
  );
}

interface SelectProps {
  id: string;
  name: string;
  label: string;
  value: string;
  /** [value, words] of each option, in order. */
  options: [string, string][];
  onChange: (value: string) => void;
}

/** A select labelled by its own <label for>, so its name is the label alone, not the options too. */
export function SelectField({ id, name, label, value, options, onChange }: SelectProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {options.map(([option, words]) => (
          <option key={option} value={option}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );
}
