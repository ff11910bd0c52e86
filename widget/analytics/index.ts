// The analytics chunk (a-<hash>.js), imported by the forms chunk only when the site counts form
// analytics and the visitor's browser does not ask otherwise (forms/track.ts).
// Form analytics (docs/analytics.md): counts per form, no identifier, no storage. A view (an
// inline form half in view for a second, a dialog opened), a start (the first input of a fill),
// submit attempts, the fields the form's own check refused, and the last field touched of a
// started fill left unsent when the page is hidden. Sent with navigator.sendBeacon when the page
// is hidden and at most once a minute while it stays open; never retried, never stored.
import type { FormProps, LoaderApi } from "../contract.ts";
import { collectorOrigin } from "../forms/collector.ts";

type Counts = Record<string, number | string | Record<string, number>>;
/** A fill of one form: started, done (submitted, or counted as abandoned), last field touched. */
type Fill = { k: string; s?: boolean; d?: boolean; f?: string };

let pending: Record<string, Counts> = {};
const fills = new Set<Fill>();
/** False for good once a bot trap tripped on this page. */
let on = true;
let api: LoaderApi;
let timer: ReturnType<typeof setTimeout> | 0 = 0;
addEventListener("visibilitychange", () => document.hidden && send());

function bump(k: string, counter: string, field?: string) {
  // data-consent="wait": nothing is counted before the page's consent.
  if (!on || api.config.wait) return;
  // The collector takes at most 20 of each count a beacon (shared/form-analytics.ts).
  pending[k] ||= { form: k };
  const c = pending[k];
  if (field) c[counter] ||= {};
  const o = (field ? c[counter] : c) as Record<string, number>;
  const n = field ?? counter;
  o[n] = Math.min(20, ~~o[n]! + 1);
  timer ||= setTimeout(send, 6e4);
}

function send() {
  if (document.hidden)
    for (const x of fills)
      if (x.s && !x.d) {
        x.d = true;
        bump(x.k, "abandons", x.f);
      }
  clearTimeout(timer);
  timer = 0;
  const forms = Object.values(pending);
  if (on && forms.length)
    try {
      navigator.sendBeacon(
        `${collectorOrigin}/v1/form-events?site=${encodeURIComponent(api.config.data.site)}`,
        JSON.stringify({ page: location.origin + location.pathname, forms }),
      );
    } catch {}
  pending = {};
}

/** Counts the events of the form whose root element is `el` (its inputs, its submit, its views), `early`'s first. */
export function track(
  form: FormProps,
  loader: LoaderApi,
  el: HTMLElement,
  inline?: boolean,
  early: EventTarget[] = [],
) {
  api = loader;
  const k = form.kind === "lead" ? `lead:${form.resourceId}` : `inquiry:${form.kind}`;
  const fill: Fill = { k };
  let t: ReturnType<typeof setTimeout>;
  const watch = new IntersectionObserver(
    ([e]) => {
      clearTimeout(t);
      if (e!.intersectionRatio >= 0.5)
        t = setTimeout(
          () => {
            bump(k, "views");
            // A view after a sent (or abandoned) fill starts a new fill.
            if (fill.d) fill.d = fill.s = false;
            if (inline) watch.disconnect();
          },
          inline ? 1e3 : 0,
        );
    },
    { threshold: 0.5 },
  );
  watch.observe(el);
  fills.add(fill);
  const input = (target: EventTarget | null) => {
    if (!fill.s) bump(k, "starts");
    fill.s = true;
    fill.f = (target as HTMLInputElement).name;
  };
  const submit = (target: EventTarget | null) => {
    // The collector's honeypot (worker/middleware/bot-trap.ts): a bot's page counts nothing.
    // Its fill-time trap never trips for this widget, which sends no sooner than a person could.
    if ((target as HTMLFormElement & { hk_x: HTMLInputElement }).hk_x.value) {
      on = false;
      pending = {};
    }
    bump(k, "submits");
    fill.d = true;
    // The form checks in a task after the submit's (widget/forms/submit.ts): its marks are
    // there a task after that one. (A submit played back reads the marks shown by then.)
    setTimeout(() =>
      setTimeout(() => {
        for (const field of el.querySelectorAll<HTMLInputElement>("[aria-invalid=true]")) {
          bump(k, "errors", field.name);
          fill.d = false;
        }
      }),
    );
  };
  el.addEventListener("input", (e) => input(e.target));
  // Capture: before the form's own submit handler, whose check marks the fields it refuses.
  el.addEventListener("submit", (e) => submit(e.target), true);
  // What happened before this chunk arrived (forms/track.ts): the last input's target (if
  // any), then the submitted forms.
  early.forEach((target, i) => {
    (i ? submit : input)(target);
  });
}
