// Where a visitor's machine has no face of the widget's font list for Japanese, the first layout
// of each font size and weight looks faces up through the browser's font fallback (fontconfig on
// Linux): tens of milliseconds on a slow phone, in the frame that first shows that size. A worker
// measuring every text of the widget in each size of the stylesheet, regular and bold, on an
// OffscreenCanvas does those look-ups off the main thread: the fallback look-ups are cached for
// the renderer's process, so the main thread then finds them done (its own font data per face,
// size and weight it still makes, in the first layout of each). The forms' first step waits for it
// (pace.ts), at most 400 ms; where the page's Content-Security-Policy allows no `blob:` worker,
// it goes on at once.
import { TEXTS } from "./i18n.ts";
import CSS from "./styles.css?inline";

// Each size the stylesheet names, regular and bold, in its font list (no lookbehind in the pattern:
// Safari before 16.4 could not parse the chunk).
const family = CSS.match(/1\.6 ([^;}]+)/)![1];
const fonts = CSS.match(/font-size:\d+/g)!.flatMap((size) =>
  [400, 700].map((w) => `${w} ${size.slice(10)}px ${family}`),
);

export const warm = new Promise((done) => {
  setTimeout(done, 400);
  let url = "";
  // The blob (every text of the widget) is kept while its URL lives: the URL goes once the worker
  // has answered or failed, when its script has surely been read, or once making it threw.
  const end = (event: unknown) => {
    URL.revokeObjectURL(url);
    done(event);
  };
  try {
    url = URL.createObjectURL(
      new Blob([
        `let c=new OffscreenCanvas(1,1).getContext("2d");for(let f of ${JSON.stringify(fonts)})c.font=f,c.measureText(${JSON.stringify(JSON.stringify(TEXTS))});postMessage(0);close()`,
      ]),
    );
    const worker = new Worker(url);
    worker.onmessage = worker.onerror = end;
  } catch {
    end(0);
  }
});
