// The stylesheet as a string, injected into every shadow root: no stylesheet file to load, and
// nothing of it can reach the host page.
import CSS from "./styles.css?inline";

/** The widget's stylesheet; `accent` (already checked to be a colour) overrides the default. */
export function widgetCss(accent?: string): string {
  return accent ? `${CSS}:host{--hk-a:${accent}}` : CSS;
}
