import { h } from "./dom.ts";
import type { FormProps } from "./form.ts";
import { createForm } from "./form.ts";
import { TEXTS } from "./i18n.ts";
import { widgetCss } from "./styles.ts";

/** A host element whose open shadow root holds our stylesheet and `content`. */
function shadowHost(attr: string, props: FormProps, content: HTMLElement): HTMLElement {
  const host = h("div", { [attr]: props.kind });
  host.attachShadow({ mode: "open" }).append(h("style", null, widgetCss(props.config.accent)), content);
  return host;
}

/**
 * Renders the form inline, in a child host element appended to `container`: the container
 * keeps its own styles and content, and the form takes only the room it needs there.
 */
export function mountInline(container: HTMLElement, props: FormProps): void {
  container.appendChild(shadowHost("data-hikiai-form", props, h("div", { class: "r card" }, createForm(props))));
}

const dialogs = new WeakMap<Element, HTMLElement>();

/**
 * Opens the form for `trigger` in a modal dialog. The dialog is built once per trigger and
 * kept when closed, so reopening shows what the visitor typed, or the state it reached.
 */
export function openDialog(trigger: HTMLElement, props: FormProps): void {
  let host = dialogs.get(trigger);
  if (!host) {
    const dialog = createDialog(props);
    dialog.addEventListener("close", () => trigger.focus());
    host = shadowHost("data-hikiai-dialog", props, dialog);
    dialogs.set(trigger, host);
  }
  // (Re)attach: a single-page app may have replaced the body since the dialog was made.
  if (!host.isConnected) document.body.appendChild(host);
  const dialog = host.shadowRoot?.querySelector("dialog");
  if (!dialog || dialog.open) return;
  dialog.showModal();
  dialog.querySelector<HTMLElement>("input:enabled")?.focus();
}

function createDialog(props: FormProps): HTMLDialogElement {
  const t = TEXTS[props.lang];
  // Only a press that starts and ends on the backdrop closes: selecting text in an input and
  // releasing the mouse outside the box must not throw the form away.
  let pressedOutside = false;
  const dialog: HTMLDialogElement = h(
    "dialog",
    {
      class: "r",
      "aria-labelledby": "hk-title",
      onpointerdown: (e) => (pressedOutside = e.target === dialog),
      onclick: (e) => pressedOutside && e.target === dialog && dialog.close(),
    },
    h(
      "div",
      { class: "d" },
      h("button", { class: "x", type: "button", "aria-label": t.close, onclick: () => dialog.close() }, "×"),
      h("h2", { id: "hk-title" }, t.title[props.kind]),
      props.kind === "lead" && h("p", { class: "i" }, t.intro),
      createForm(props),
    ),
  );
  return dialog;
}
