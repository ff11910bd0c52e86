import { useEffect, useRef, useState } from "preact/hooks";
import type { LoaderApi } from "../contract.ts";
import { Form, type ShownForm } from "./form.tsx";
import { TEXTS } from "./i18n.ts";
import type { FormOptions } from "./options.ts";
import { keepHeight, useReveal } from "./pace.ts";

const FOCUSABLE = "a[href],button,input,textarea";

/**
 * A modal dialog around one form. Only a press that starts and ends on the backdrop closes it:
 * selecting text in an input and releasing outside must not throw the form away. Tab and
 * Shift+Tab cycle inside, and closing gives focus back to the trigger. While it is being built
 * (pace.ts) only the backdrop shows: the dialog appears whole, its first input focused.
 */
export function Dialog({
  form,
  api,
  options,
  trigger,
}: {
  form: ShownForm;
  api: LoaderApi;
  options: FormOptions;
  trigger?: HTMLElement;
}) {
  const texts = TEXTS[form.lang];
  const ref = useRef<HTMLDialogElement>(null);
  const pressedOutside = useRef(false);
  const [formShown, setFormShown] = useState(false);
  // The title, then a lead's intro, each in a frame of its own (interleaved with the form's parts):
  // each is the first text at its size, the costly part of laying a dialog out.
  const header = useReveal(form.kind === "lead" ? 2 : 1, 0);
  const whole = formShown && header > (form.kind === "lead" ? 1 : 0);
  useEffect(() => {
    if (whole && ref.current?.open) focusFirstInput(ref.current);
    // A dialog is centred: were it to shrink (to its thanks), its top would move.
    if (whole) keepHeight(ref.current!);
  }, [whole]);
  const close = () => ref.current?.close();
  const onKeyDown = (e: KeyboardEvent) => {
    const dialog = ref.current;
    if (e.key !== "Tab" || !dialog) return;
    const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => !(el as HTMLInputElement).disabled && el.getClientRects().length,
    );
    const active = (dialog.getRootNode() as ShadowRoot).activeElement;
    const [first, last] = [items[0], items[items.length - 1]];
    const to = e.shiftKey ? (active === first || !active ? last : undefined) : active === last ? first : undefined;
    if (to) {
      e.preventDefault();
      to.focus();
    }
  };
  return (
    <dialog
      ref={ref}
      class={whole ? "r" : "r w"}
      aria-labelledby="hk-title"
      onKeyDown={onKeyDown}
      onPointerDown={(e) => {
        pressedOutside.current = e.target === ref.current;
      }}
      onClick={(e) => pressedOutside.current && e.target === ref.current && close()}
      onClose={() => trigger?.focus()}
    >
      <div class="d">
        <button class="x" type="button" aria-label={texts.close} onClick={close}>
          ×
        </button>
        {header > 0 && <h2 id="hk-title">{(form.kind === "lead" && form.title) || texts.forms[form.kind].title}</h2>}
        {header > 1 && <p class="i">{texts.intro}</p>}
        <Form form={form} api={api} options={options} onShown={() => setFormShown(true)} />
      </div>
    </dialog>
  );
}

/** Focus for the visitor to type at once; an input of a dialog still hidden cannot take it. */
export const focusFirstInput = (dialog: HTMLDialogElement) =>
  dialog.querySelector<HTMLElement>("input:enabled")?.focus();
