// Entry of the forms chunk (f-<hash>.js): Preact components for every form and dialog, loaded
// by w.js on demand. It gets the loader's API (submit, context, emit) and never touches the
// outbox itself.
import "./zod-jitless.ts";
import { type ComponentChild, render } from "preact";
import type { FieldName, FormKind, FormProps, Forms, LoaderApi } from "../contract.ts";
import type { OutboxEntry } from "../loader/outbox.ts";
import { Dialog, focusFirstInput } from "./dialog.tsx";
import { Form } from "./form.tsx";
import { withHostData } from "./host-data.ts";
import { readOptions } from "./options.ts";
import { inNextFrame, keepHeight } from "./pace.ts";
import { prefill } from "./prefill.ts";
import { widgetCss } from "./styles.ts";

type Open = { resource?: string; href?: string; title?: string };

/** Starts the chunk with the loader's API; the loader calls this once. */
export function start(api: LoaderApi): Forms {
  const options = readOptions(api.config.data);
  const css = widgetCss(options.accent);
  // One dialog per trigger (or per `hikiai('open')` target), kept with what was typed.
  const dialogs = new Map<unknown, HTMLElement>();
  return {
    inline(host, props) {
      // One form per frame: three forms arriving with the chunk must not make one long task;
      // those in view first, the others (near, not yet in view) once they are built. The loader
      // already reserved the room, so waiting moves nothing. The box is read after the frame
      // that laid it out (the loader's observer fired there): no layout is forced.
      const { top, bottom } = host.getBoundingClientRect();
      const later = top > innerHeight || bottom < 0;
      const root = host.attachShadow({ mode: "open" });
      // The stylesheet first, in a step of its own: the first render also runs the renderer's
      // code for the first time, the slowest it runs. Both steps render one tree shape, so that
      // Preact keeps this <style> rather than replacing it (a new sheet is matched against the
      // shadow tree again, in the first label's frame).
      const tree = (form?: ComponentChild) => (
        <>
          <style>{css}</style>
          {form}
        </>
      );
      inNextFrame(() => render(tree(), root), later);
      inNextFrame(
        () =>
          render(
            tree(
              <Form
                form={withHostData(props, api.config.data.lang)}
                api={api}
                options={options}
                inline
                onShown={() => keepHeight(host)}
              />,
            ),
            root,
          ),
        later,
      );
    },
    dialog(props: FormProps, trigger?: HTMLElement) {
      const key = trigger ?? props.resume?.id ?? `${props.kind}:${props.resourceId ?? ""}`;
      // Each in a task of its own, none in the click's: building the dialog (script only: a
      // closed dialog is not laid out), then opening it (its first layout); its parts follow one
      // per frame (dialog.tsx).
      setTimeout(() => {
        let host = dialogs.get(key);
        if (!host) {
          host = document.createElement("div");
          host.setAttribute("data-hikiai-dialog", props.kind);
          render(
            <>
              <style>{css}</style>
              <Dialog form={withHostData(props, api.config.data.lang)} api={api} options={options} trigger={trigger} />
            </>,
            host.attachShadow({ mode: "open" }),
          );
          dialogs.set(key, host);
        }
        // (Re)attach: a single-page app may have replaced the body since the dialog was made.
        if (!host.isConnected) document.body.appendChild(host);
        const dialog = host.shadowRoot!.querySelector("dialog")!;
        setTimeout(() => {
          if (dialog.open) return;
          dialog.showModal();
          // A dialog still being built takes focus as it shows whole (dialog.tsx).
          if (!dialog.matches(".w")) focusFirstInput(dialog);
          api.emit("opened", props.host, { kind: props.kind });
        });
      });
    },
    // What the page passes is checked here: a value of the wrong type is ignored with a warning,
    // never rendered (a non-string child or input value can throw inside Preact's render).
    run(command, arg) {
      if (command === "prefill") {
        for (const name in arg as object) {
          const value = (arg as Record<string, unknown>)[name];
          if (typeof value === "string") prefill[name as FieldName] = value;
        }
      } else if (command === "open") {
        const o = (arg && typeof arg === "object" ? arg : {}) as Record<keyof Open, unknown>;
        const resourceId = text(o.resource);
        const kind = resourceId ? "lead" : arg;
        if (!isKind(kind)) return console.warn("[hikiai] unknown form", kind);
        this.dialog({ kind, host: document, resourceId, href: text(o.href), title: text(o.title) });
      } else if (command === "resume") {
        // Once a browser session: a visitor who closed it is asked again on a later visit, until
        // it is sent or the outbox's give-up limit ends it (docs/embedding.md, "Refusals").
        const entry = arg as OutboxEntry | undefined;
        const body = (entry?.body ?? {}) as { kind?: unknown; resourceId?: unknown };
        const kind = body.kind ?? "lead";
        if (typeof entry?.id !== "string" || !isKind(kind)) return console.warn("[hikiai] not resumable", arg);
        const seen = `hikiai:resumed:${entry.id}`;
        try {
          if (sessionStorage.getItem(seen)) return;
          sessionStorage.setItem(seen, "1");
        } catch {}
        this.dialog({ kind, host: document, resourceId: text(body.resourceId), resume: entry });
      } else console.warn("[hikiai] unknown command", command);
    },
  };
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);
const isKind = (kind: unknown): kind is FormKind =>
  typeof kind === "string" && /^(lead|demo|quote|contact)$/.test(kind);
