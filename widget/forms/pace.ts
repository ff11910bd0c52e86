// Paces the chunk's rendering over frames (issue 7: no task over 50 ms at 4× CPU throttling).
// Rendering a whole form costs little script but a lot of layout: the browser shapes the text of
// every label, placeholder and button in the widget's fonts for the first time (on a machine
// without Japanese fonts, where each character falls back, ~100–400 ms at 4× for one form). So
// the chunk mounts one form per frame and reveals a form's parts one per frame: each frame lays
// out one part. The loader reserved each inline form's room, so nothing outside it moves.
import { useLayoutEffect, useState } from "preact/hooks";

const steps: (() => void)[] = [];

/** Runs `step` in a task of its own once the browser has rendered a frame since the last step. */
export function inNextFrame(step: () => void): void {
  if (steps.push(step) === 1) afterFrame();
}

function afterFrame() {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    // requestAnimationFrame runs before the frame's layout; the timeout after its paint.
    setTimeout(() => {
      steps.shift()?.();
      if (steps.length) afterFrame();
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
