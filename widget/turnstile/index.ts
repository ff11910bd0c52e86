// The Turnstile chunk (t-<hash>.js): imported by the forms chunk only for sites that use
// Cloudflare Turnstile. It loads Cloudflare's api.js once (explicit rendering), renders one
// challenge per form and hands out its tokens. The challenge lives in the form's shadow host's
// light DOM, shown through the form's <slot name="hikiai-challenge">: Turnstile's iframe is made
// for the main document, and a slot keeps it there while it appears inside the form.
import type { Challenge, Lang, TurnstileConfig } from "../contract.ts";

/** The part of Cloudflare's `window.turnstile` used here. */
interface TurnstileApi {
  render(element: HTMLElement, options: Record<string, unknown>): string | undefined;
  reset(widgetId: string): void;
}

const TEXTS = {
  ja: {
    failed: "ロボットでないことの確認ができませんでした。もう一度送信してください。",
    refused: "確認の有効期限が切れたか、確認できませんでした。もう一度送信してください。",
    script: "確認用のスクリプトを読み込めませんでした。通信環境をご確認のうえ、もう一度送信してください。",
  },
  en: {
    failed: "We could not verify that you are human. Please send the form again.",
    refused: "The verification expired or was not accepted. Please send the form again.",
    script: "The verification script could not be loaded. Please check your connection and send the form again.",
  },
} satisfies Record<Lang, Record<string, string>>;

let api: Promise<TurnstileApi> | undefined;

/** Cloudflare's script, added once per page; a failed load is tried again on the next call. */
function loadScript(url: string): Promise<TurnstileApi> {
  api ??= new Promise<TurnstileApi>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.async = true;
    script.onload = () => {
      const turnstile = (window as { turnstile?: TurnstileApi }).turnstile;
      if (turnstile) resolve(turnstile);
      else reject(new Error("api.js defined no window.turnstile"));
    };
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  }).catch((error: unknown) => {
    api = undefined;
    throw error;
  });
  return api;
}

/** One form's challenge: its widget, the token it is waiting for, and the visitor's note. */
interface Widget {
  lang: Lang;
  element: HTMLElement;
  note: HTMLElement;
  id?: string;
  token: Promise<string>;
  settle(token: string): void;
  /** Settled without a token: the next request for a token runs the challenge again. */
  failed: boolean;
}

/** A token promise for `widget` to settle next. */
function expect(widget: Widget) {
  widget.failed = false;
  widget.token = new Promise((resolve) => {
    widget.settle = resolve;
  });
}

/** Starts (or restarts) the widget's challenge; failures become a note and an empty token. */
function run(widget: Widget, config: TurnstileConfig) {
  const fail = (text: keyof typeof TEXTS.en) => {
    widget.note.textContent = TEXTS[widget.lang][text];
    widget.failed = true;
    widget.settle("");
  };
  loadScript(config.scriptUrl).then(
    (turnstile) => {
      if (widget.id !== undefined) return turnstile.reset(widget.id);
      widget.id = turnstile.render(widget.element, {
        sitekey: config.siteKey,
        language: widget.lang,
        // Shown only when Cloudflare needs the visitor (the reserved form height stays right).
        appearance: "interaction-only",
        "response-field": false,
        "refresh-expired": "auto",
        callback: (token: string) => {
          // Turnstile retries by itself after an error: its later token is good for the next try.
          if (widget.failed) {
            expect(widget);
            widget.note.textContent = "";
          }
          widget.settle(token);
        },
        "expired-callback": () => expect(widget),
        "error-callback": () => {
          fail("failed");
          // Handled: Turnstile would otherwise log the error as uncaught on the host page.
          return true;
        },
      });
    },
    () => fail("script"),
  );
}

/** The site's challenge, for every form on the page. */
export function challenge(config: TurnstileConfig): Challenge {
  const widgets = new WeakMap<Element, Widget>();

  const mount = (host: Element, lang: Lang): Widget => {
    let widget = widgets.get(host);
    if (widget) return widget;
    const box = document.createElement("div");
    box.slot = "hikiai-challenge";
    const element = document.createElement("div");
    const note = document.createElement("p");
    // Announced when it changes, like the form's own status line.
    note.setAttribute("role", "alert");
    note.style.cssText = "margin:.5em 0;color:#b00020;font:inherit";
    box.appendChild(element);
    box.appendChild(note);
    host.appendChild(box);
    widget = { lang, element, note, token: Promise.resolve(""), settle: () => {}, failed: false };
    expect(widget);
    widgets.set(host, widget);
    run(widget, config);
    return widget;
  };

  return {
    token(host, lang) {
      const widget = mount(host, lang);
      if (widget.failed) {
        expect(widget);
        run(widget, config);
      }
      return widget.token;
    },
    reset(host, refused) {
      const widget = widgets.get(host);
      if (!widget) return;
      expect(widget);
      widget.note.textContent = refused ? TEXTS[widget.lang].refused : "";
      run(widget, config);
    },
  };
}
