import type { WidgetConfig } from "./config.ts";
import { pageContext } from "./context.ts";
import { submit } from "./delivery.ts";
import { h } from "./dom.ts";
import type { FieldErrors } from "./field-errors.ts";
import { clientFieldErrors, placeErrors, serverFieldErrors } from "./field-errors.ts";
import { createField } from "./fields.ts";
import { buildBody, endpointFor, fieldsFor } from "./form-spec.ts";
import type { FieldName, FormKind, Lang, Texts } from "./i18n.ts";
import { TEXTS } from "./i18n.ts";
import type { SendResult } from "./send.ts";
import { newSubmissionId } from "./submission-id.ts";

export type FormState = "idle" | "sending" | "queued" | "success" | "error" | "refused";

export interface FormProps {
  kind: FormKind;
  lang: Lang;
  config: WidgetConfig;
  /** The marked element on the host page: it receives the hikiai:submitted event. */
  host: Element;
  resourceId?: string;
  /** The gated file, for a lead from a download link. */
  href?: string;
}

/**
 * A lead gate or inquiry form: validates with the shared schemas, hands the submission to the
 * outbox and follows its fate. The root carries `data-hikiai-state`.
 */
export function createForm(p: FormProps): HTMLElement {
  const t = TEXTS[p.lang];
  const views = fieldsFor(p.kind).map((spec) => createField(spec, p.kind, t));
  const button = h("button", { class: "b", type: "submit" }, t.submit[p.kind]);
  const fieldset = h("fieldset", null, ...views.map((v) => v.row), button, consent(t, p.config.privacyUrl));
  const form = h("form", { novalidate: true, onsubmit: onSubmit }, fieldset);
  const status = h("p", { class: "s", role: "status", tabindex: -1 });
  const root = h("div", { class: "hk" }, form, status);
  let state: FormState = "idle";
  let fileLink: HTMLElement | undefined;
  let fallback: HTMLElement | undefined;

  function show(next: FormState, notice = "") {
    state = next;
    fallback?.remove();
    root.setAttribute("data-hikiai-state", next);
    status.textContent = notice;
    fieldset.disabled = next === "queued";
    button.setAttribute("aria-disabled", String(next === "sending" || next === "queued"));
    button.textContent = next === "sending" ? t.sending : t.submit[p.kind];
    if (next === "success") form.remove();
    // A queued or finished lead still gets its file: the visitor asked for it, the
    // submission will follow.
    if (p.href && !fileLink && (next === "queued" || next === "success")) {
      fileLink = root.appendChild(
        h("p", null, h("a", { href: p.href, download: true, target: "_blank", rel: "noopener" }, t.fileLink)),
      );
    }
  }

  function showErrors(errors: FieldErrors) {
    const { byField, other } = placeErrors(
      errors,
      views.map((v) => v.spec.name),
    );
    for (const v of views) v.setError(byField[v.spec.name]);
    show("error", other || !Object.keys(byField).length ? t.failed : t.check);
    views.find((v) => byField[v.spec.name])?.input.focus();
  }

  // The collector turned this site or page away: nothing was queued, what the visitor typed
  // stays in the inputs, and they get another way to reach the site when it has one.
  function showRefusal(code: string | undefined, status: number) {
    show("refused", t.refused);
    const email = p.config.fallbackEmail;
    if (email) {
      const body = views.map((v) => `${v.row.querySelector("label")?.firstChild?.textContent}: ${v.input.value}`);
      const href = `mailto:${email}?subject=${encodeURIComponent(t.title[p.kind])}&body=${encodeURIComponent(body.join("\n"))}`;
      fallback = root.appendChild(h("p", { class: "s" }, t.fallback, h("a", { href }, email)));
    }
    p.host.dispatchEvent(
      new CustomEvent("hikiai:error", { bubbles: true, composed: true, detail: { kind: p.kind, code, status } }),
    );
  }

  // `queued` is per submission: a later answer must know whether the file link was shown.
  function onResult(r: SendResult, queued: boolean) {
    if (!r.ok && !r.retry) {
      return r.refused ? showRefusal(r.code, r.status) : showErrors(serverFieldErrors(r.fields, p.lang));
    }
    // Read before the inputs go away or are disabled, which drops their focus.
    const hadFocus = root.contains((root.getRootNode() as ShadowRoot).activeElement);
    if (r.ok) {
      // After a queued phase the visitor already has the link; a surprise download minutes
      // later would be an unwanted second copy.
      if (p.href && !queued) startDownload(p.href);
      show("success", p.kind !== "lead" ? t.thanks : queued ? t.sent : t.thanksLead);
      p.host.dispatchEvent(
        new CustomEvent("hikiai:submitted", {
          bubbles: true,
          composed: true,
          detail: { kind: p.kind, id: r.id, duplicate: r.duplicate },
        }),
      );
    } else {
      show("queued", t.queued);
    }
    // Keep keyboard and screen-reader users where the news is, but never pull the page to a
    // form the visitor has left (a queued submission can succeed minutes later).
    if (hadFocus) status.focus({ preventScroll: true });
  }

  function onSubmit(e: Event) {
    e.preventDefault();
    if (state === "sending" || state === "queued") return;
    const values: Partial<Record<FieldName, string>> = {};
    for (const v of views) values[v.spec.name] = v.input.value;
    const context = pageContext(location.href, document.referrer, navigator.language);
    const body = buildBody(p.kind, values, newSubmissionId(), context, p.resourceId);
    const { endpoint, schema } = endpointFor(p.kind);
    const parsed = schema.safeParse(body);
    if (!parsed.success) return showErrors(clientFieldErrors(parsed.error.issues, p.lang));
    for (const v of views) v.setError();
    show("sending");
    let queued = false;
    const { siteKey, origin } = p.config;
    submit({ id: parsed.data.submissionId, endpoint, siteKey, origin, body: parsed.data }, (r) => {
      onResult(r, queued);
      queued ||= !r.ok && r.retry;
    });
  }

  show("idle");
  return root;
}

function consent(t: Texts, privacyUrl: string | undefined) {
  const [before, link, after] = t.consent;
  return h(
    "p",
    { class: "c" },
    before,
    privacyUrl ? h("a", { href: privacyUrl, target: "_blank", rel: "noopener" }, link) : link,
    after,
  );
}

// A click on a fresh <a download> starts the file as the visitor's own click would have:
// same-origin files download, others open in a new tab instead of replacing this page.
function startDownload(href: string) {
  const a = h("a", { href, download: true, target: "_blank", rel: "noopener", hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
}
