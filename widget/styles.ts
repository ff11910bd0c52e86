// Plain CSS in a string, injected into every shadow root: no stylesheet file to load, and
// nothing of it can reach the host page. `all: initial !important` on :host stops the page's
// inherited and host-element styles (`* {…}`, `div {…}`) from leaking in: inside a shadow
// tree, !important beats the outer page's declarations, normal or important.
const CSS = `:host{all:initial!important;display:block!important;--hk-a:#1d4ed8}
:host([data-hikiai-dialog]){display:contents!important}
.r{font:16px/1.6 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Hiragino Kaku Gothic ProN","Noto Sans JP",Meiryo,sans-serif;color:#1f2328;text-align:start;-webkit-text-size-adjust:100%}
:where(.r *){box-sizing:border-box;margin:0;font:inherit;letter-spacing:normal}
.card{background:#fff;border:1px solid #d8dee4;border-radius:12px;padding:24px}
fieldset{border:0;padding:0;min-width:0}
fieldset:disabled{opacity:.6}
.f{margin-bottom:16px}
label{display:block;font-size:14px;font-weight:700;margin-bottom:6px}
.q{display:inline-block;margin-inline-start:8px;padding:0 6px;border-radius:4px;background:#fdecea;color:#a4161a;font-size:11px;line-height:18px;vertical-align:1px}
input,textarea{display:block;width:100%;font-size:16px;line-height:1.5;color:inherit;background:#fff;border:1px solid #767f8a;border-radius:8px;padding:10px 12px;appearance:none;box-shadow:none}
textarea{min-height:112px;resize:vertical}
::placeholder{color:#6e7781;opacity:1}
input:focus,textarea:focus{outline:3px solid color-mix(in srgb,var(--hk-a) 30%,transparent);border-color:var(--hk-a)}
.f [aria-invalid=true]{border-color:#c62828}
.e{color:#b42318;font-size:14px;margin-top:6px}
.b{display:block;width:100%;min-height:48px;padding:12px 20px;border:0;border-radius:8px;background:var(--hk-a);color:#fff;font-weight:700;cursor:pointer}
.b:hover{filter:brightness(1.1)}
.b[aria-disabled=true]{opacity:.7;cursor:progress}
:focus-visible{outline:3px solid var(--hk-a);outline-offset:2px}
a{color:var(--hk-a);text-decoration:underline}
.c{font-size:12px;color:#57606a;margin-top:10px}
.c a{color:inherit}
.s:empty{display:none}
form+.s{margin-top:16px}
.s{padding:12px 14px;border-radius:8px;font-size:14px;background:#f3f4f6}
[data-hikiai-state=error] .s,[data-hikiai-state=refused] .s{background:#fdecea;color:#8a1c12}
[data-hikiai-state=queued] .s{background:#fff6da;color:#5c4200}
[data-hikiai-state=success] .s{background:#e6f4ea;color:#0f5132;font-size:16px}
.s+p{margin-top:12px;font-weight:700}
dialog{width:min(440px,calc(100vw - 24px));max-height:calc(100dvh - 24px);padding:0;border:0;border-radius:14px;background:#fff;box-shadow:0 24px 64px #0005;overflow:auto}
dialog::backdrop{background:#0f172a8c}
.d{position:relative;padding:28px 24px 24px}
h2{font-size:20px;font-weight:700;line-height:1.4;margin:0 36px 16px 0}
.i{color:#57606a;font-size:14px;margin:-8px 0 20px}
.d:has([data-hikiai-state=success]) .i{display:none}
.x{position:absolute;top:10px;right:10px;width:40px;height:40px;border:0;border-radius:8px;background:none;color:#57606a;font-size:26px;line-height:1;cursor:pointer}
.x:hover{background:#f3f4f6}`;

/** The widget's stylesheet; `accent` (already checked to be a colour) overrides the default. */
export function widgetCss(accent?: string): string {
  return accent ? `${CSS}\n:host{--hk-a:${accent}}` : CSS;
}
