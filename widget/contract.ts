// What the loader (w.js, on every page) and the forms chunk (f-*.js, loaded on demand) hand each
// other. Types only: the two are separate builds, and the chunk must never bundle loader code
// such as the outbox (the page would then hold two outboxes).
import type { InquiryKind } from "../shared/schemas.ts";
import type { WidgetConfig } from "./loader/config.ts";
import type { NewEntry, OutboxEntry } from "./loader/outbox.ts";
import type { SendResult } from "./loader/send.ts";

export type Lang = "ja" | "en";
/** A lead gate (resource download) or one of the inquiry kinds. */
export type FormKind = "lead" | InquiryKind;
export type FieldName = "email" | "name" | "company" | "message" | "preferredTime";
/** What the host page can listen to: `hikiai('on', name, fn)` and `hikiai:NAME` DOM events. */
export type EventName = "submitted" | "opened" | "error";

/** One form to show, as the loader read it from a marked element or a `hikiai('open')` call. */
export interface FormProps {
  kind: FormKind;
  /** Set by the chunk (data-lang on the element, then the script tag, the page, the browser). */
  lang?: Lang;
  /** The marked element (or the document): it receives the hikiai:* events. */
  host: Element | Document;
  resourceId?: string;
  /** The gated file, for a lead from a download link. */
  href?: string;
  /** The download dialog's title: the link's text or data-hikiai-title. */
  title?: string;
  /** Hidden fields from the element's data-hidden-* attributes (e.g. the plan being viewed). */
  hidden?: Record<string, string>;
  /**
   * An earlier submission the collector refused after its page was gone (a Turnstile token that
   * expired on the way, a site turned away meanwhile; the outbox keeps it, delivery.ts), put to
   * the visitor again: the form starts with its values and replaces the outbox entry when sent.
   */
  resume?: OutboxEntry;
}

/** One touch (landing page as origin + path, referrer, UTM, epoch ms), as shared/schemas.ts' TouchSchema. */
export interface VisitTouch {
  landingUrl: string;
  referrer?: string;
  utm?: Record<string, string>;
  at: number;
}
export interface Attribution {
  first?: VisitTouch;
  last?: VisitTouch;
}

/** What the loader gives the chunk. */
export interface LoaderApi {
  /** First- and last-touch attribution, recorded by the loader on every page view. */
  attribution: Attribution;
  config: WidgetConfig;
  /** Stores the submission in the loader's outbox, then sends it; `listener` hears every outcome. */
  submit(entry: NewEntry, listener: (result: SendResult) => void): void;
  /** Dispatches `hikiai:NAME` on `target` and calls the page's `hikiai('on')` handlers. */
  emit(name: EventName, target: Element | Document, detail: Record<string, unknown>): void;
  /** Starts a download as a click on `<a download>` would (the gated file after a lead). */
  download(href: string): void;
}

/** What the chunk gives the loader. */
export interface Forms {
  /** Renders a form into `host`, the box the loader reserved in the marked container. */
  inline(host: HTMLElement, props: FormProps): void;
  /** Opens the form in a modal dialog; one dialog per trigger, kept with its input when closed. */
  dialog(props: FormProps, trigger?: HTMLElement): void;
  /**
   * A host-page call that waits for the chunk: `open` ('demo' | 'quote' | 'contact', or
   * `{ resource, href?, title? }`) and `prefill` (`{ email, name, … }`); and the loader's own
   * `resume` (an outbox entry the visitor must confirm, see FormProps.resume).
   */
  run(command: string, arg: unknown): void;
}

/** The chunk's module shape. */
export interface FormsModule {
  start(api: LoaderApi): Forms;
}

/** A site's Turnstile settings, as GET /v1/widget-config answers them. */
export interface TurnstileConfig {
  siteKey: string;
  scriptUrl: string;
}

/** What the Turnstile chunk (t-<hash>.js) gives the forms chunk, for sites that use Turnstile. */
export interface Challenge {
  /**
   * The token for the form in `host` (a shadow host): renders the challenge there on the first
   * call and waits for it; "" when it failed (the challenge then tells the visitor why).
   */
  token(host: Element, lang: Lang): Promise<string>;
  /** The last token was used up: make a new one; `refused`: tell the visitor it was not accepted. */
  reset(host: Element, refused: boolean): void;
}

/** The Turnstile chunk's module shape. */
export interface ChallengeModule {
  challenge(config: TurnstileConfig): Challenge;
}
