import { h } from "./dom.ts";
import type { FieldSpec } from "./form-spec.ts";
import type { FormKind, Texts } from "./i18n.ts";

const AUTOCOMPLETE: Record<string, string> = { email: "email", name: "name", company: "organization" };

/** One input on screen, with a way to show or clear its error. */
export interface FieldView {
  spec: FieldSpec;
  row: HTMLElement;
  input: HTMLInputElement | HTMLTextAreaElement;
  setError(message?: string): void;
}

/** A labelled input; ids are per shadow root, so two forms on a page cannot collide. */
export function createField(spec: FieldSpec, kind: FormKind, t: Texts): FieldView {
  const { name, required, multiline } = spec;
  const id = `hk-${name}`;
  const label = name === "message" ? t.label.message[kind] : t.label[name];
  const placeholder = name === "message" ? t.placeholder.message[kind] : t.placeholder[name];
  const attrs = {
    id,
    name,
    placeholder: placeholder || undefined,
    autocomplete: AUTOCOMPLETE[name] ?? "off",
    "aria-required": required && "true",
    // Editing a field takes its error away; the next submit checks it again.
    oninput: () => setError(),
  };
  const input = multiline
    ? h("textarea", { ...attrs, rows: 4 })
    : // type="text" with inputmode for e-mail: type="email" lets the browser reject or rewrite
      // full-width input (ｔａｒｏ＠…) that the schema accepts after NFKC normalisation.
      h("input", {
        ...attrs,
        type: "text",
        ...(name === "email" && { inputmode: "email", autocapitalize: "off", spellcheck: "false" }),
      });
  const row = h(
    "div",
    { class: "f" },
    h("label", { for: id }, label, required && h("span", { class: "q" }, t.required)),
    input,
  );
  let error: HTMLElement | undefined;
  function setError(message?: string) {
    error?.remove();
    error = message ? h("p", { class: "e", id: `${id}-e`, "data-error-for": name }, message) : undefined;
    if (error) {
      row.appendChild(error);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", error.id);
    } else {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }
  return { spec, row, input, setError };
}
