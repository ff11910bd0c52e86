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
  // The file's URL once the visitor has its link (queued or done); it stays.
  const [fileLink, setFileLink] = useState<string>();
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

  const show = (next: FormState, message = "", href = form.href) => {
    setState(next);
    setNotice(message);
    if (next === "queued" || next === "success") setFileLink(href);
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
      // Else the page's own link or, for a form without one (inline), the file the answer names.
      const href = r.delivery ? undefined : form.href || r.fileUrl;
      if (href && !queued) api.download(href);
      show(
        "success",
        r.delivery
          ? texts.mailed
          : form.kind !== "lead"
            ? texts.thanks
            : !href
              ? texts.noFile
              : queued
                ? texts.sent
                : texts.thanksLead,
        href,
      );
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
