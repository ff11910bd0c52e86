// Paces the chunk's rendering over frames, so that no task of it is long on a slow phone.
// Rendering a whole form costs little script but a lot of layout: the browser shapes the text of
// every label, placeholder and button in the widget's fonts for the first time (dearest where
// Japanese text falls back through the fonts). So the chunk mounts one form per frame and builds
// a form's parts one per frame, each frame laying out one part, while the form is hidden: the
// visitor sees it appear whole (form.tsx, dialog.tsx). The loader reserved each inline form's
// room, so nothing outside it moves.
import { useLayoutEffect, useState } from "preact/hooks";
import { warm } from "./warm.ts";

const steps: (() => void)[] = [];
/** Steps for what is out of view: run only once nothing else waits. */
const deferred: (() => void)[] = [];

/**
 * Runs `step` in a task of its own once the browser has rendered a frame since the last step;
 * a `later` step waits until every other has run.
 */
export function inNextFrame(step: () => void, later?: boolean): void {
  (later ? deferred : steps).push(step);
  // The first step after the fonts' warm-up (warm.ts).
  if (steps.length + deferred.length === 1) warm.then(afterFrame);
}

function afterFrame() {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    // requestAnimationFrame runs before the frame's layout; the timeout after its paint.
    setTimeout(() => {
      (steps.shift() ?? deferred.shift())?.();
      if (steps.length + deferred.length) afterFrame();
    });
  };
  requestAnimationFrame(run);
  // A hidden tab renders no frames: go on without them.
  setTimeout(run, 250);
}

/** How many of a form's `total` parts to render: `first` at once, then one more per frame. */
export function useReveal(total: number, first: number): number {
  const [shown, setShown] = useState(first);
  useLayoutEffect(() => {
    if (shown < total) inNextFrame(() => setShown((n) => n + 1));
  }, [shown, total]);
  return Math.min(shown, total);
}

/**
 * From now on `el` keeps at least the tallest height it has had: a shorter state (success after
 * errors, the thanks in place of a form) must not pull the page up, nor move a centred dialog's
 * top. Read after layout, never forcing one; as the box never shrinks, each size read is its
 * tallest.
 */
export function keepHeight(el: HTMLElement): void {
  new ResizeObserver(([entry]) => el.style.setProperty("--hk-h", `${entry?.borderBoxSize[0]?.blockSize}px`)).observe(
    el,
  );
}
