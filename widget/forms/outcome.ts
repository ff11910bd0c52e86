import { useEffect, useRef, useState } from "preact/hooks";
import type { LoaderApi } from "../contract.ts";
import type { SendResult } from "../loader/send.ts";
import { renewChallenge } from "./challenge.ts";
import { type FieldErrors, placeErrors, serverFieldErrors } from "./field-errors.ts";
import type { ShownForm } from "./form.tsx";
import type { FieldSpec } from "./form-spec.ts";
import type { Texts } from "./i18n.ts";
import { pushToDataLayer, reportRefusal } from "./report.ts";

/** The form's state, as its root's `data-hikiai-state` says it. */
export type FormState = "idle" | "sending" | "queued" | "success" | "error" | "refused";

/**
 * What the form shows of its submission: the state, the status line's notice, the file link
 * once the visitor has it; `showErrors` for errors found before or by the collector,
 * `showResult` for each answer the loader hears. `root` and `status` are the form's root and
 * status line, for the focus that follows the news.
 */
export function useOutcome(
  form: ShownForm,
  api: LoaderApi,
  texts: Texts,
  specs: FieldSpec[],
  setErrors: (errors: FieldErrors) => void,
) {
  const [state, setState] = useState<FormState>("idle");
  const [notice, setNotice] = useState(form.resume ? texts.unsent : "");
  // Once the visitor has the file link (queued or done), it stays.
  const [fileLink, setFileLink] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const focus = useRef<"status" | "error">(undefined);

  // Focus moves after the render that shows the news: to the first field in error, or to the
  // status line for keyboard and screen-reader users who were in the form.
  useEffect(() => {
    const to = focus.current;
    focus.current = undefined;
    if (to === "error") root.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
    else if (to) status.current?.focus({ preventScroll: true });
  });

  const show = (next: FormState, message = "") => {
    setState(next);
    setNotice(message);
    if (form.href && (next === "queued" || next === "success")) setFileLink(true);
  };

  const showErrors = (all: FieldErrors) => {
    const { byField, other } = placeErrors(
      all,
      specs.map((s) => s.name),
    );
    setErrors(byField);
    show("error", other || !Object.keys(byField).length ? texts.failed : texts.check);
    focus.current = "error";
  };

  // `queued` is per submission: a later answer must know whether the file link was shown.
  const showResult = (r: SendResult, queued: boolean) => {
    // Read before the inputs go away or are disabled, which drops their focus.
    const hadFocus = root.current?.contains((root.current.getRootNode() as ShadowRoot).activeElement);
    if (!r.ok && !r.retry) {
      const turnstile = r.code === "turnstile_failed";
      void renewChallenge(api, shadowHost(root.current!), turnstile);
      // A refused token is the visitor's to retry (the challenge says so), not the site refused.
      if (!r.refused || turnstile) return showErrors(serverFieldErrors(r.fields, form.lang));
      // The collector turned this site or page away: nothing was queued, and what the visitor
      // typed stays in the inputs.
      show("refused", texts.refused);
      reportRefusal(r);
      api.emit("error", form.host, { kind: form.kind, code: r.code, status: r.status });
    } else if (r.ok) {
      // After a queued phase the visitor already has the link; a surprise download minutes
      // later would be an unwanted second copy.
      // A resource delivered by mail: the link went to the visitor's address, not to this page.
      const mailed = r.delivery;
      if (form.href && !queued && !mailed) api.download(form.href);
      show(
        "success",
        // A lead form without a file (a button, not a link) starts no download: it says it was sent.
        mailed
          ? texts.mailed
          : form.kind !== "lead"
            ? texts.thanks
            : queued || !form.href
              ? texts.sent
              : texts.thanksLead,
      );
      if (mailed) setFileLink(false);
      api.emit("submitted", form.host, { kind: form.kind, id: r.id, duplicate: r.duplicate });
      pushToDataLayer(form.kind, r.id);
    } else {
      show("queued", texts.queued);
    }
    // Never pull the page to a form the visitor has left (a queued one can succeed later).
    if (hadFocus) focus.current = "status";
  };

  return { root, status, state, notice, fileLink, show, showErrors, showResult };
}

export type Outcome = ReturnType<typeof useOutcome>;

/** The form's shadow host: a Turnstile challenge renders in its light DOM, shown through the <slot>. */
export const shadowHost = (root: HTMLElement) => (root.getRootNode() as ShadowRoot).host;
