import type { ComponentChildren } from "preact";

/**
 * A table that scrolls sideways when it is wider than the screen (360 px): the scrolling region
 * must be reachable by keyboard (WCAG 2.1.1, axe's scrollable-region-focusable), so it takes focus
 * and is named like the table.
 */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll it by keyboard.
    // biome-ignore lint/a11y/useSemanticElements: a <section> would add a landmark per table; this is only a scroller.
    <div class="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
