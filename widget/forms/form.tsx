import { useEffect } from "preact/hooks";
import type { FormProps, Lang, LoaderApi } from "../contract.ts";
import { useEntry } from "./entry.ts";
import { Field } from "./field.tsx";
import { endpointFor, fieldsFor } from "./form-spec.ts";
import { TEXTS, type Texts } from "./i18n.ts";
import type { FormOptions } from "./options.ts";
import { useOutcome } from "./outcome.ts";
import { useReveal } from "./pace.ts";
import { useSubmit } from "./submit.ts";
import { useTrack } from "./track.ts";

/** A form to show: the loader's props with the form's language picked (host-data.ts). */
export type ShownForm = FormProps & { lang: Lang };

/**
 * A lead gate or inquiry form: what the visitor types (entry.ts), the submit (submit.ts) and what
 * the form shows of each answer (outcome.ts). The root carries `data-hikiai-state`. Its parts are
 * built one per frame (pace.ts); `onShown` runs once all are there. Inline, the form is its own
 * card, hidden until whole; a dialog hides itself instead (dialog.tsx).
 */
export function Form({
  form,
  api,
  options,
  inline,
  onShown,
}: {
  form: ShownForm;
  api: LoaderApi;
  options: FormOptions;
  /** Its own card, hidden until whole (a dialog hides itself instead). */
  inline?: boolean;
  onShown?: () => void;
}) {
  const texts = TEXTS[form.lang];
  const specs = fieldsFor(form.kind);
  // Parts, one per frame, from an empty form: the first field's label, its input, each further
  // field, the button, the consent line, and last the whole form's first paint. Each text of a
  // font size the page has not shaped yet (the first label, input, consent line) is the costly
  // part of laying a form out; later forms find those sizes shaped.
  const parts = specs.length + 4;
  const shown = useReveal(parts, 0);
  const complete = shown >= parts;
  useEffect(() => {
    if (complete) onShown?.();
  }, [complete]);
  const entry = useEntry(form.resume);
  const outcome = useOutcome(form, api, texts, specs, entry.setErrors);
  const { honeypot, onSubmit } = useSubmit(form, api, options, texts, specs, entry, outcome);
  useTrack(form, api, outcome.root, inline);
  const { state } = outcome;
  const email = options.fallbackEmail;
  return (
    <div class={inline ? (complete ? "hk r card" : "hk r card w") : "hk"} data-hikiai-state={state} ref={outcome.root}>
      {state !== "success" && (
        // The schema the submit needs is built as the visitor enters the form, in a task of its
        // own: the submit's task then only checks.
        <form noValidate onSubmit={onSubmit} onFocusIn={() => setTimeout(endpointFor, 0, form.kind)}>
          <fieldset disabled={state === "queued"}>
            {/* The parts go into a <div>: Chromium rebuilds a fieldset's whole layout subtree (every
                field, shaped and laid out anew) for each child added to the fieldset itself, so each
                step's frame grew with the parts already there. */}
            <div>
              {specs.slice(0, shown < 2 ? shown : shown - 1).map((spec) => (
                <Field
                  key={spec.name}
                  spec={spec}
                  labelOnly={shown < 2}
                  kind={form.kind}
                  texts={texts}
                  value={entry.values[spec.name] ?? ""}
                  error={entry.errors[spec.name]}
                  onInput={(value) => entry.edit(spec.name, value)}
                />
              ))}
              {/* A honeypot: off-screen, out of the tab order and hidden from assistive technology. Its
                  name means nothing to browser autofill or form-filling extensions (no website, url,
                  name, mail, phone, company or address in it): were they to fill it, the collector
                  would drop a person's submission as a bot's, silently. */}
              <div class="hp" aria-hidden="true">
                <input ref={honeypot} name="hk_x" tabIndex={-1} autocomplete="off" />
              </div>
              {shown > parts - 3 && (
                <>
                  <slot name="hikiai-challenge" />
                  <button
                    class="b"
                    type="submit"
                    aria-disabled={state === "sending" || state === "queued" ? "true" : "false"}
                  >
                    {state === "sending" ? texts.sending : texts.forms[form.kind].submit}
                  </button>
                </>
              )}
              {shown > parts - 2 && <ConsentLine texts={texts} privacyUrl={options.privacyUrl} />}
            </div>
          </fieldset>
        </form>
      )}
      {/* Always in the tree, so that screen readers announce each new notice. */}
      <p class="s" role="status" tabIndex={-1} ref={outcome.status}>
        {outcome.notice}
      </p>
      {state === "refused" && email && (
        <p class="s">
          {texts.fallback}
          <a
            href={mailto(
              email,
              texts.forms[form.kind].title,
              specs.map((s) => `${s.name}: ${entry.values[s.name] ?? ""}`).join("\n"),
            )}
          >
            {email}
          </a>
        </p>
      )}
      {outcome.fileLink && (
        <p>
          <a href={outcome.fileLink} download target="_blank" rel="noopener">
            {texts.fileLink}
          </a>
        </p>
      )}
    </div>
  );
}

/** What submitting means, with the privacy policy linked when the site gave one. */
function ConsentLine({ texts, privacyUrl }: { texts: Texts; privacyUrl?: string }) {
  const [before, policy, after] = texts.consent;
  return (
    <p class="c">
      {before}
      {privacyUrl ? (
        <a href={privacyUrl} target="_blank" rel="noopener">
          {policy}
        </a>
      ) : (
        policy
      )}
      {after}
    </p>
  );
}

const mailto = (to: string, subject: string, body: string) =>
  `mailto:${to}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
