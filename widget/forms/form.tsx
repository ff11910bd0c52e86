import { useEffect, useRef, useState } from "preact/hooks";
import type { FieldName, FormProps, Lang, LoaderApi } from "../contract.ts";
import type { NewEntry } from "../loader/outbox.ts";
import type { SendResult } from "../loader/send.ts";
import { challengeFor, renewChallenge } from "./challenge.ts";
import { collectorOrigin } from "./collector.ts";
import { type PageContext, pageContext } from "./context.ts";
import { Field } from "./field.tsx";
import type { FieldErrors } from "./field-errors.ts";
import { clientFieldErrors, placeErrors, serverFieldErrors } from "./field-errors.ts";
import { addExtras, buildBody, consentRecord, endpointFor, type FieldSpec, fieldsFor } from "./form-spec.ts";
import { TEXTS } from "./i18n.ts";
import type { FormOptions } from "./options.ts";
import { useReveal } from "./pace.ts";
import { prefill } from "./prefill.ts";
import { pushToDataLayer, reportRefusal } from "./report.ts";
import { newSubmissionId } from "./submission-id.ts";

export type FormState = "idle" | "sending" | "queued" | "success" | "error" | "refused";

/**
 * A lead gate or inquiry form: validates with the shared schemas, hands the submission to the
 * loader's outbox and follows its fate. The root carries `data-hikiai-state`. Its parts appear
 * one per frame (pace.ts); `onShown` runs once all are there.
 */
export function Form({
  p,
  api,
  o,
  inline,
  onShown,
}: {
  p: FormProps & { lang: Lang };
  api: LoaderApi;
  o: FormOptions;
  /** Inline, the form starts empty (see `parts`); a dialog's starts with its first field, to focus it. */
  inline?: boolean;
  onShown?: () => void;
}) {
  const t = TEXTS[p.lang];
  const specs = fieldsFor(p.kind);
  // Parts, one per frame: the first field's label, its input, each further field, the button,
  // the consent line. Each of the first two is the first text in a font size the page has not
  // shaped yet, the costly part of laying a form out; later forms find those sizes shaped.
  const n = specs.length;
  const shown = useReveal(n + 3, inline ? 0 : 2);
  const complete = shown >= n + 3;
  const held = p.resume;
  const [values, setValues] = useState<Partial<Record<FieldName, string>>>(() => ({
    ...prefill,
    ...(held?.body as Partial<Record<FieldName, string>>),
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [state, setState] = useState<FormState>("idle");
  const [notice, setNotice] = useState(held ? t.unsent : "");
  // Once the visitor has the file link (queued or done), it stays.
  const [fileLink, setFileLink] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const focus = useRef<"status" | "error" | undefined>(undefined);
  const honeypot = useRef<HTMLInputElement>(null);
  const shownAt = useRef(Date.now());
  // The shadow host: a Turnstile challenge renders in its light DOM, shown through the <slot>.
  const host = () => (root.current!.getRootNode() as ShadowRoot).host;
  // Turnstile sites: the challenge starts as the form shows, so the token is ready by the submit.
  useEffect(() => void challengeFor(api).then((c) => c?.token(host(), p.lang)), []);

  // Focus moves after the render that shows the news: to the first field in error, or to the
  // status line for keyboard and screen-reader users who were in the form.
  useEffect(() => {
    const to = focus.current;
    focus.current = undefined;
    if (to === "error") root.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
    else if (to) status.current?.focus({ preventScroll: true });
  });
  useEffect(() => {
    if (complete) onShown?.();
  }, [complete]);

  const show = (next: FormState, message = "") => {
    setState(next);
    setNotice(message);
    if (p.href && (next === "queued" || next === "success")) setFileLink(true);
  };

  const showErrors = (all: FieldErrors) => {
    const { byField, other } = placeErrors(
      all,
      specs.map((s) => s.name),
    );
    setErrors(byField);
    show("error", other || !Object.keys(byField).length ? t.failed : t.check);
    focus.current = "error";
  };

  // `queued` is per submission: a later answer must know whether the file link was shown.
  const onResult = (r: SendResult, queued: boolean) => {
    // Read before the inputs go away or are disabled, which drops their focus.
    const hadFocus = root.current?.contains((root.current.getRootNode() as ShadowRoot).activeElement);
    if (!r.ok && !r.retry) {
      const turnstile = r.code === "turnstile_failed";
      void renewChallenge(api, host(), turnstile);
      // A refused token is the visitor's to retry (the challenge says so), not the site refused.
      if (!r.refused || turnstile) return showErrors(serverFieldErrors(r.fields, p.lang));
      // The collector turned this site or page away: nothing was queued, and what the visitor
      // typed stays in the inputs.
      show("refused", t.refused);
      reportRefusal(r);
      api.emit("error", p.host, { kind: p.kind, code: r.code, status: r.status });
    } else if (r.ok) {
      // After a queued phase the visitor already has the link; a surprise download minutes
      // later would be an unwanted second copy.
      if (p.href && !queued) api.download(p.href);
      show("success", p.kind !== "lead" ? t.thanks : queued ? t.sent : t.thanksLead);
      api.emit("submitted", p.host, { kind: p.kind, id: r.id, duplicate: r.duplicate });
      pushToDataLayer(p.kind, r.id);
    } else {
      show("queued", t.queued);
    }
    // Never pull the page to a form the visitor has left (a queued one can succeed later).
    if (hadFocus) focus.current = "status";
  };

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (state === "sending" || state === "queued") return;
    // A resumed submission goes again with what it said of its page and consent, under a new id (the
    // refused one was not stored; a fresh id also gets its new token a fresh verification).
    const body = buildBody(
      p.kind,
      values,
      newSubmissionId(),
      (held?.body.context as PageContext) ?? pageContext(location.href, document.referrer, navigator.language),
      p.resourceId,
    );
    const { endpoint, schema } = endpointFor(p.kind);
    // The schema checks what the visitor typed (and normalises the e-mail); what the widget made
    // itself (id, context, attribution, hidden fields) is added to the checked values.
    const parsed = schema.safeParse(body);
    if (!parsed.success) return showErrors(clientFieldErrors(parsed.error.issues, p.lang));
    const submission = (
      held
        ? { ...withoutFields(held.body, specs), ...body, ...parsed.data, context: held.body.context }
        : addExtras(
            {
              ...body,
              ...parsed.data,
              hp: honeypot.current?.value ?? "",
              fillMs: Date.now() - shownAt.current,
              consent: consentRecord(t.consent.join(""), p.lang, o.privacyUrl),
            },
            api.attribution,
            p.hidden,
          )
    ) as NewEntry["body"];
    setErrors({});
    show("sending");
    const challenge = await challengeFor(api);
    if (challenge) {
      submission.turnstileToken = await challenge.token(host(), p.lang);
      // No token: the challenge tells the visitor why, beside it.
      if (!submission.turnstileToken) return show("idle");
    }
    let queued = false;
    // A resumed one replaces its outbox entry (same key), due at once.
    api.submit(
      {
        id: held?.id ?? submission.submissionId,
        endpoint,
        siteKey: api.config.data.site,
        origin: collectorOrigin,
        body: submission,
      },
      (r) => {
        onResult(r, queued);
        queued ||= !r.ok && r.retry;
      },
    );
  };

  const busy = state === "sending" || state === "queued";
  const email = o.fallbackEmail;
  return (
    <div class="hk" data-hikiai-state={state} ref={root}>
      {state !== "success" && (
        <form noValidate onSubmit={onSubmit}>
          <fieldset disabled={state === "queued"}>
            {specs.slice(0, shown < 2 ? shown : shown - 1).map((spec) => (
              <Field
                key={spec.name}
                spec={spec}
                labelOnly={shown < 2}
                kind={p.kind}
                t={t}
                value={values[spec.name] ?? ""}
                error={errors[spec.name]}
                // Editing a field takes its error away; the next submit checks it again.
                onInput={(v) => {
                  setValues((old) => ({ ...old, [spec.name]: v }));
                  if (errors[spec.name]) setErrors(({ [spec.name]: _, ...rest }) => rest);
                }}
              />
            ))}
            {/* A honeypot: off-screen, out of the tab order and hidden from assistive technology. */}
            <div class="hp" aria-hidden="true">
              <input ref={honeypot} name="hk_website" tabIndex={-1} autocomplete="off" />
            </div>
            {shown > n + 1 && (
              <>
                <slot name="hikiai-challenge" />
                <button class="b" type="submit" aria-disabled={busy ? "true" : "false"}>
                  {state === "sending" ? t.sending : t.submit[p.kind]}
                </button>
              </>
            )}
            {complete && (
              <p class="c">
                {t.consent[0]}
                {o.privacyUrl ? (
                  <a href={o.privacyUrl} target="_blank" rel="noopener">
                    {t.consent[1]}
                  </a>
                ) : (
                  t.consent[1]
                )}
                {t.consent[2]}
              </p>
            )}
          </fieldset>
        </form>
      )}
      {/* Always in the tree, so that screen readers announce each new notice. */}
      <p class="s" role="status" tabIndex={-1} ref={status}>
        {notice}
      </p>
      {state === "refused" && email && (
        <p class="s">
          {t.fallback}
          <a href={mailto(email, t.title[p.kind], specs.map((s) => `${s.name}: ${values[s.name] ?? ""}`).join("\n"))}>
            {email}
          </a>
        </p>
      )}
      {fileLink && p.href && (
        <p>
          <a href={p.href} download target="_blank" rel="noopener">
            {t.fileLink}
          </a>
        </p>
      )}
    </div>
  );
}

/** A resumed body without what the visitor types (a field emptied now must not come back). */
function withoutFields(body: object, specs: FieldSpec[]) {
  const kept: Record<string, unknown> = { ...body, turnstileToken: undefined };
  for (const spec of specs) delete kept[spec.name];
  return kept;
}

const mailto = (to: string, subject: string, body: string) =>
  `mailto:${to}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
