import { useEffect, useRef } from "preact/hooks";
import { MIN_FILL_MS } from "../../shared/limits.ts";
import type { LoaderApi } from "../contract.ts";
import type { NewEntry } from "../loader/outbox.ts";
import { challengeFor } from "./challenge.ts";
import { collectorOrigin } from "./collector.ts";
import { type PageContext, pageContext } from "./context.ts";
import type { Entry } from "./entry.ts";
import { clientFieldErrors } from "./field-errors.ts";
import type { ShownForm } from "./form.tsx";
import { addExtras, buildBody, consentRecord, endpointFor, type FieldSpec } from "./form-spec.ts";
import type { Texts } from "./i18n.ts";
import type { FormOptions } from "./options.ts";
import { type Outcome, shadowHost } from "./outcome.ts";
import { newSubmissionId } from "./submission-id.ts";

/**
 * The submit: checks what the visitor typed with the shared schema, adds what the widget knows
 * (page context, attribution, consent, hidden fields, the honeypot), gets a Turnstile token where
 * the site uses one and hands the submission to the loader's outbox; `outcome` shows each answer.
 * Returns the submit handler and the honeypot input's ref.
 */
export function useSubmit(
  form: ShownForm,
  api: LoaderApi,
  options: FormOptions,
  texts: Texts,
  specs: FieldSpec[],
  entry: Entry,
  outcome: Outcome,
) {
  const honeypot = useRef<HTMLInputElement>(null);
  const shownAt = useRef(Date.now());
  const held = form.resume;
  const host = () => shadowHost(outcome.root.current!);
  // Turnstile sites: the challenge starts as the form shows, so the token is ready by the submit.
  useEffect(() => void challengeFor(api).then((c) => c?.token(host(), form.lang)), []);

  // Set from the submit until its own task has shown "sending": a second click in between is
  // not a second submission.
  const busy = useRef(false);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (busy.current || outcome.state === "sending" || outcome.state === "queued") return;
    busy.current = true;
    // The click's task already holds the browser's input handling (hit tests, focus, the
    // button's activation): checking and sending run in a task of their own.
    setTimeout(() => void send().finally(() => (busy.current = false)));
  };

  const send = async () => {
    // A resumed submission goes again with what it said of its page and consent, under a new id (the
    // refused one was not stored; a fresh id also gets its new token a fresh verification). The
    // locale is the form's language (data-lang, the page's, the browser's): the auto-reply's.
    const body = buildBody(
      form.kind,
      entry.values,
      newSubmissionId(),
      (held?.body.context as PageContext) ?? pageContext(location.href, document.referrer, form.lang),
      form.resourceId,
    );
    const { endpoint, schema } = endpointFor(form.kind);
    // The schema checks what the visitor typed (and normalises the e-mail); what the widget made
    // itself (id, context, attribution, hidden fields) is added to the checked values.
    const parsed = schema.safeParse(body);
    if (!parsed.success) return outcome.showErrors(clientFieldErrors(parsed.error.issues, form.lang));
    const submission = (
      held
        ? { ...withoutFields(held.body, specs), ...body, ...parsed.data, context: held.body.context }
        : addExtras(
            {
              ...body,
              ...parsed.data,
              hp: honeypot.current?.value ?? "",
              fillMs: Math.max(Date.now() - shownAt.current, MIN_FILL_MS),
              consent: consentRecord(texts.consent.join(""), form.lang, options.privacyUrl),
            },
            api.attribution,
            form.hidden,
          )
    ) as NewEntry["body"];
    entry.setErrors({});
    outcome.show("sending");
    const challenge = await challengeFor(api);
    if (challenge) {
      submission.turnstileToken = await challenge.token(host(), form.lang);
      // No token: the challenge tells the visitor why, beside it.
      if (!submission.turnstileToken) return outcome.show("idle");
    }
    let queued = false;
    // A resumed one replaces its outbox entry (same key). Stored at once, but not sent before a
    // person could have filled the form: the collector drops a form sent sooner as a bot's,
    // unseen (worker/middleware/bot-trap.ts), and a prefilled one may be sent at once.
    api.submit(
      {
        nextAttemptAt: shownAt.current + MIN_FILL_MS,
        id: held?.id ?? submission.submissionId,
        endpoint,
        siteKey: api.config.data.site,
        origin: collectorOrigin,
        body: submission,
      },
      (r) => {
        outcome.showResult(r, queued);
        queued ||= !r.ok && r.retry;
      },
    );
  };

  return { honeypot, onSubmit };
}

/** A resumed body without what the visitor types (a field emptied now must not come back). */
function withoutFields(body: object, specs: FieldSpec[]) {
  const kept: Record<string, unknown> = { ...body, turnstileToken: undefined };
  for (const spec of specs) delete kept[spec.name];
  return kept;
}
