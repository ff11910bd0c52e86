// npm run bench:widget: main-thread work of the widget on the demo page in Chromium at 8× CPU
// throttling (CDP Emulation.setCPUThrottlingRate; BENCH_THROTTLE): long tasks (> 50 ms,
// PerformanceObserver "longtask") and total task time, for the page without the widget (w.js
// an empty script), the page with it (loader + chunk + three inline forms), and opening a dialog; then a
// whole visit (load, scroll, open, type, submit) with a layout-shift observer beside the long tasks.
// Prints figures, asserts nothing: timings are noisy on a shared machine; compare rows of one run.
//
// The yardstick: the page's own longest task or frame (its first layout included), printed beside the widget's
// longest, with their ratio. The same widget on a machine twice as slow makes tasks twice as long,
// and so does the page: the ratio carries from one machine to another, the milliseconds do not.
// A second yardstick for the widget's first label: the page laying out one line of Japanese at a
// new size, in its own font and in the widget's font list (FIRST_TEXT).
//
// Each long task is also put in the phase where it started: before w.js arrived or within the
// page's first layout (the page's own), between those and the forms chunk arriving (the
// loader's), or after (the chunk's). The page's first layout is the page's own although it runs
// after w.js: the tag is render-blocking, so the browser lays the page out first once w.js has
// run (a Chromium trace shows one Layout of the whole document, as long with the widget as
// without it). It is a frame of rendering only, which the long-task observer does not always
// report, so long animation frames (LoAF) that start before the first paint are the page's too,
// and count in the yardstick. So that the page without the widget is laid out at the same point,
// its w.js is an empty script rather than a failed request.
//
// The page is driven through bare CDP (Runtime.evaluate, Input events) only: Playwright's
// locators inject their selector engine into the page, and evaluating it is itself a 40–120 ms
// task at 4× that the long-task observer would blame on the widget.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type CDPSession, chromium, type Page } from "playwright-core";
import { startLocalStack } from "../scripts/local-stack.ts";

const PORT = Number(process.env.BENCH_PORT ?? 8795);
const DEMO_PORT = Number(process.env.BENCH_DEMO_PORT ?? PORT + 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const THROTTLE = Number(process.env.BENCH_THROTTLE ?? 8);
const INLINE = ["#pricelist-form", "#demo-form", "#contact-form-en"];
// BENCH_VISITS=1280x800 runs only the whole visits, at the viewports named (comma-separated), and
// prints each visit's layout shifts with their sources as it ends: for hunting a rare shift.
const VISITS = process.env.BENCH_VISITS?.split(",").map((v) => v.split("x").map(Number) as [number, number]);
/**
 * BENCH_FONT_FIRST=<family>: the forms chunk served with that family first in the widget's font
 * list, as on a visitor's machine that has a face the list names (Hiragino on Apple, Yu Gothic or
 * Meiryo on Windows). This machine has none of them; `fc-list :lang=ja` names the faces it has.
 */
const FONT_FIRST = process.env.BENCH_FONT_FIRST;

/** Serves the forms chunk with FONT_FIRST at the head of the widget's font list. */
async function fontFirst(page: Page) {
  if (!FONT_FIRST) return;
  await page.route(/\/f-[0-9a-f]+\.js/, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace("16px/1.6 system-ui,", `16px/1.6 ${FONT_FIRST},system-ui,`);
    await route.fulfill({ response, body });
  });
}

type Phase = "no widget" | "load" | "dialog";
interface Run {
  longTasks: number[];
  /** Each long task as "duration@start", and where the page's own phase ended (BENCH_VERBOSE). */
  detail: string;
  /** Longest task per phase: page (before w.js arrived), loader (until the chunk arrived), chunk (after). */
  byPhase: { page: number; loader: number; chunk: number };
  /** CDP Performance.getMetrics TaskDuration, ms: all main-thread work in the phase. */
  taskMs: number;
  /** Without the widget: the page's first label-like text, in its own font and in the widget's (ms). */
  firstText?: [number, number];
}

/** The widget's font list, as its stylesheet gives it. */
const WIDGET_FONTS = readFileSync(new URL("../widget/forms/styles.css", import.meta.url), "utf8").match(
  /font:\s*16px \/ 1\.6 ([^;]+);/,
)?.[1];

/**
 * The second yardstick: the page itself laying out one line of a size and weight it has not used
 * yet (a form's first label: 14 px bold, 「メールアドレス必須」), once in its own font and then
 * in the widget's font list. Where Japanese text is found only through the browser's font
 * fallback, each new size costs font lookups that any page pays: the widget's first label in a
 * form pays the second figure whoever renders it.
 */
const FIRST_TEXT = `(() => {
  const time = (family) => {
    const p = document.createElement("p");
    p.style.cssText = "font-size: 14px; font-weight: 700";
    if (family) p.style.setProperty("font-family", family, "important");
    p.textContent = "メールアドレス必須";
    const start = performance.now();
    document.body.append(p);
    p.offsetHeight;
    return performance.now() - start;
  };
  return [time(""), time(${JSON.stringify(WIDGET_FONTS)})];
})()`;

/** Evaluates an expression in the page without Playwright's injected scripts. */
async function evaluate<T>(cdp: CDPSession, expression: string): Promise<T> {
  const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", { expression, returnByValue: true });
  if (exceptionDetails) throw new Error(exceptionDetails.text);
  return result.value as T;
}

/** Polls (every 100 ms, a tiny task each) until the expression is true. */
async function until(cdp: CDPSession, expression: string, what: string) {
  for (const end = Date.now() + 30_000; Date.now() < end; ) {
    if (await evaluate<boolean>(cdp, expression)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** True once the form in the shadow host `host` is whole: its submit button there, nothing hidden (forms/pace.ts). */
const formShown = (host: string) =>
  `((root) => !!root?.querySelector("[data-hikiai-state] [type=submit]") && !root.querySelector(".w"))(document.querySelector(${JSON.stringify(host)})?.shadowRoot)`;

/**
 * Runs in the page before its own scripts: long tasks, long animation frames and layout shifts
 * not after input, each as [startTime, duration or value], in window.longTasks, longFrames, shifts.
 * A long task holds script; the page's first layout, a frame of rendering only, is seen only as a
 * long animation frame.
 */
function watch() {
  const longTasks: [number, number][] = [];
  const longFrames: [number, number][] = [];
  const frameParts: [number, string][] = [];
  const shifts: [number, number][] = [];
  Object.assign(window, { longTasks, longFrames, frameParts, shifts });
  type Frame = PerformanceEntry & {
    value?: number;
    hadRecentInput?: boolean;
    styleAndLayoutStart?: number;
    scripts?: { invoker: string; sourceURL: string; duration: number; forcedStyleAndLayoutDuration: number }[];
  };
  const observe = (type: string, add: (e: Frame) => void) =>
    new PerformanceObserver((list) => list.getEntries().forEach(add)).observe({ type, buffered: true });
  observe("longtask", (e) => longTasks.push([e.startTime, e.duration]));
  observe("long-animation-frame", (e) => {
    longFrames.push([e.startTime, e.duration]);
    // Whose work the frame held: each script over 1 ms (what ran it, from which file, its forced
    // layouts), and the frame's own style and layout; the rest is the browser's (input, hit tests).
    const scripts = (e.scripts ?? [])
      .filter((s) => s.duration >= 1)
      .map(
        (s) =>
          `${s.invoker} ${s.sourceURL.replace(/.*\//, "")} ${Math.round(s.duration)} (layout ${Math.round(s.forcedStyleAndLayoutDuration)})`,
      );
    // No rendering in the frame: styleAndLayoutStart is 0.
    const layout = e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0;
    frameParts.push([
      e.startTime,
      `${Math.round(e.duration)}@${Math.round(e.startTime)}: ${scripts.join(", ") || "no script"}; style+layout ${Math.round(layout)}`,
    ]);
  });
  observe("layout-shift", (e) => e.hadRecentInput || shifts.push([e.startTime, e.value ?? 0]));
}

/**
 * Runs in the page before its own scripts, beside `watch`: each layout shift not after input with
 * where it came from, in window.shiftSources: its value and time, each source's node (inside a
 * shadow root: "host >>> node") with its rects before and after, and what happened in the 500 ms
 * before it (a file arriving, such as the forms chunk; a font loaded; a scroll; a node added to or
 * an attribute changed in the page's own DOM).
 */
function shiftSources() {
  const recent: [number, string][] = [];
  const shifts: string[] = [];
  Object.assign(window, { shiftSources: shifts });
  const note = (what: string, at = performance.now()) => {
    recent.push([at, what]);
    if (recent.length > 200) recent.shift();
  };
  const name = (node: Node | null | undefined): string => {
    if (!node) return "(removed)";
    const el = node instanceof Element ? node : node.parentElement;
    if (!el) return node.nodeName;
    const own = `${el.localName}${el.id ? `#${el.id}` : ""}${el.classList.length ? `.${[...el.classList].join(".")}` : ""}`;
    const root = el.getRootNode();
    return root instanceof ShadowRoot ? `${name(root.host)} >>> ${own}` : own;
  };
  const rect = (r: DOMRectReadOnly) =>
    `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
  type Shift = PerformanceEntry & {
    value: number;
    hadRecentInput: boolean;
    sources: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Shift[]) {
      if (e.hadRecentInput) continue;
      const before = recent.filter(([at]) => at <= e.startTime && at > e.startTime - 500).sort(([a], [b]) => a - b);
      shifts.push(
        `${e.value.toFixed(5)}@${Math.round(e.startTime)} (scrollY ${Math.round(scrollY)}): ${e.sources
          .map((s) => `${name(s.node)} ${rect(s.previousRect)} → ${rect(s.currentRect)}`)
          .join(
            "; ",
          )}; before: ${before.map(([at, what]) => `${what} @${Math.round(at)}`).join(", ") || "nothing seen"}`,
      );
    }
  }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceResourceTiming[])
      note(`file ${e.name.replace(/.*\//, "")}`, e.responseEnd);
  }).observe({ type: "resource", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) note(e.name, e.startTime);
  }).observe({ type: "paint", buffered: true });
  type Frame = PerformanceEntry & { styleAndLayoutStart: number; scripts: { invoker: string; duration: number }[] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Frame[])
      note(
        `frame of ${Math.round(e.duration)} ms (${e.scripts.map((s) => `${s.invoker} ${Math.round(s.duration)}`).join(", ") || "no script"}${e.styleAndLayoutStart ? ", rendered" : ""})`,
        e.startTime,
      );
  }).observe({ type: "long-animation-frame", buffered: true });
  document.addEventListener("readystatechange", () => note(`document ${document.readyState}`));
  document.fonts.addEventListener("loadingdone", (e) =>
    note(`font ${(e as FontFaceSetLoadEvent).fontfaces.map((f) => `${f.family} ${f.weight}`).join(", ")}`),
  );
  addEventListener("scroll", () => note(`scroll to ${Math.round(scrollY)}`), { capture: true, passive: true });
  new MutationObserver((records) => {
    for (const r of records)
      note(
        r.type === "attributes"
          ? `${name(r.target)} [${r.attributeName}=${(r.target as Element).getAttribute(r.attributeName!)}]`
          : `${name(r.target)} +${[...r.addedNodes].map(name).join(",")} -${r.removedNodes.length}`,
      );
  }).observe(document, { subtree: true, childList: true, attributes: true });
}

/**
 * Runs in the page before its own scripts (BENCH_VERBOSE): what the widget put into its shadow
 * roots and when, in window.widgetParts as [time, "host: node"], so that each long frame can be
 * named by the parts laid out in it (a form's first label, its input, the consent line, a dialog's
 * title, the thanks).
 */
function widgetParts() {
  const parts: [number, string][] = [];
  Object.assign(window, { widgetParts: parts });
  const name = (node: Node) => {
    if (!(node instanceof Element)) return `"${(node.textContent ?? "").slice(0, 12)}"`;
    const text = node.localName === "style" ? "" : (node.textContent ?? "").slice(0, 12);
    return `${node.localName}${node.classList.length ? `.${[...node.classList].join(".")}` : ""}${text ? ` "${text}"` : ""}`;
  };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    const host = this.closest("[id]")?.id ?? this.getAttribute("data-hikiai-dialog") ?? this.localName;
    new MutationObserver((records) => {
      const at = performance.now();
      for (const r of records)
        for (const node of r.type === "attributes" ? [r.target] : r.addedNodes)
          parts.push([
            at,
            `${host}: ${r.type === "attributes" ? `[class=${(node as Element).className}] ` : "+"}${name(node)}`,
          ]);
    }).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
    return root;
  };
}

async function measure(browser: Browser, demo: string, phase: Phase): Promise<Run> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 3000 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
  await cdp.send("Performance.enable");
  await page.addInitScript(watch);
  await fontFirst(page);
  if (phase === "no widget")
    await page.route("**/w.js", (r) => r.fulfill({ body: "", headers: { "content-type": "text/javascript" } }));
  const taskTime = async () =>
    ((await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration")?.value ?? 0) * 1000;
  await page.goto(`${demo}/`);
  if (phase !== "no widget") for (const id of INLINE) await until(cdp, formShown(`${id} [data-hikiai-form]`), id);
  await page.waitForTimeout(1500); // idle prefetch and any late rendering
  let before = 0;
  if (phase === "dialog") {
    before = await taskTime();
    await evaluate(cdp, "window.longTasks.length = 0");
    const { x, y } = await evaluate<{ x: number; y: number }>(
      cdp,
      `(() => { const r = document.querySelector("#quote-button").getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
    );
    await page.mouse.click(x, y); // CDP Input events: a real click, nothing injected
    await until(cdp, formShown("[data-hikiai-dialog=quote]"), "the quote dialog");
    await page.waitForTimeout(500);
  }
  const tasks = await evaluate<[number, number][]>(cdp, "window.longTasks");
  const frames = await evaluate<[number, number][]>(cdp, "window.longFrames");
  // When each file had arrived (Resource Timing), Infinity if it never came; the page's own
  // phase lasts until then or until the frames of its first layout have ended.
  const [loaderAt, chunkAt] = await evaluate<[number, number]>(
    cdp,
    `[/\\/w\\.js$/, /\\/f-[0-9a-f]+\\.js/].map((re) => performance.getEntriesByType("resource").find((e) => re.test(e.name))?.responseEnd ?? 1e9)`,
  );
  const pageEnd = await pageOwnUntil(cdp, loaderAt, frames);
  const longest = (from: number, to: number) =>
    Math.max(0, ...tasks.filter(([start]) => start >= from && start < to).map(([, d]) => d));
  const run = {
    longTasks: tasks.map(([, d]) => d),
    detail: `${tasks.map(([start, d]) => `${Math.round(d)}@${Math.round(start)}`).join(" ")} (page's own until ${Math.round(pageEnd)}, chunk from ${Math.round(chunkAt)})`,
    byPhase: {
      page: Math.max(longest(0, pageEnd), pageFrame(frames, pageEnd)),
      loader: longest(pageEnd, chunkAt),
      chunk: longest(chunkAt, 1e9),
    },
    taskMs: (await taskTime()) - before,
    // After everything else is read: its layouts are not the page's load.
    firstText: phase === "no widget" ? await evaluate<[number, number]>(cdp, FIRST_TEXT) : undefined,
  };
  await page.close();
  return run;
}

/** The longest animation frame that started before `end`: the page's first layout. */
const pageFrame = (frames: [number, number][], end: number) =>
  Math.max(0, ...frames.filter(([start]) => start < end).map(([, d]) => d));

/**
 * Where the page's own phase ends: when w.js arrived, or, if later, the end of the long animation
 * frames that started before the first paint (Paint Timing), which hold the page's first layout.
 */
async function pageOwnUntil(cdp: CDPSession, loaderAt: number, frames: [number, number][]) {
  const paint = await evaluate<number>(cdp, `performance.getEntriesByName("first-paint")[0]?.startTime ?? 0`);
  return Math.max(loaderAt, ...frames.filter(([start]) => start < paint).map(([start, d]) => start + d));
}

interface Visit {
  /** The page's own longest task (before w.js arrived or the first paint): the yardstick. */
  page: number;
  /** The widget's long tasks (started after w.js arrived and the first paint), ms. */
  widget: number[];
  /** Layout shifts not flagged as input (Core Web Vitals' CLS counts these), summed over the visit. */
  cls: number;
  /** The part of `cls` from before w.js arrived: the page's own. */
  pageCls: number;
  /** The widget's long animation frames over 50 ms, each with its scripts and layout (BENCH_VERBOSE). */
  frames: string[];
  /** Each counted layout shift with its sources and what came just before it (shiftSources). */
  sources: string[];
}

/** A shadow-DOM element's centre, scrolled into view first (`element` is an expression). */
const centre = (cdp: CDPSession, element: string) =>
  evaluate<{ x: number; y: number }>(
    cdp,
    `(() => { const el = ${element}; el.scrollIntoView({ block: "center" }); const r = el.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
  );

/**
 * A whole visit as a visitor makes it: load, scroll to the bottom in steps (the inline forms render
 * as they come near), open the quote dialog, type into it, submit, wait for the thanks.
 */
async function visit(browser: Browser, demo: string, width: number, height: number): Promise<Visit> {
  const mobile = width < 600;
  const page = await browser.newPage({ viewport: { width, height }, isMobile: mobile, hasTouch: mobile });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
  await page.addInitScript(watch);
  // Only when it is printed: its observers are work in the page that the default run does not time.
  if (VISITS || process.env.BENCH_VERBOSE) await page.addInitScript(shiftSources);
  if (process.env.BENCH_VERBOSE) await page.addInitScript(widgetParts);
  await fontFirst(page);
  await page.goto(`${demo}/`);
  await page.waitForTimeout(1000);
  // Scrolled as a reader does: a screen at a time, a pause on each.
  for (let y = 0; y < (await evaluate<number>(cdp, "document.documentElement.scrollHeight")); y += height * 0.6) {
    await evaluate(cdp, `scrollTo(0, ${Math.round(y)})`);
    await page.waitForTimeout(300);
  }
  for (const id of INLINE) await until(cdp, formShown(`${id} [data-hikiai-form]`), id);
  await page.waitForTimeout(500);
  const dialog = `document.querySelector("[data-hikiai-dialog=quote]")?.shadowRoot`;
  const button = await centre(cdp, `document.querySelector("#quote-button")`);
  await page.mouse.click(button.x, button.y);
  await until(cdp, formShown("[data-hikiai-dialog=quote]"), "the quote dialog");
  await page.waitForTimeout(300);
  for (const [name, text] of [
    ["email", "visit@example.jp"],
    ["message", "見積をお願いします。数量は 100 個です。"],
  ] as const) {
    const field = await centre(cdp, `${dialog}.querySelector("[name=${name}]")`);
    await page.mouse.click(field.x, field.y);
    await cdp.send("Input.insertText", { text });
  }
  const submit = await centre(cdp, `${dialog}.querySelector("[type=submit]")`);
  await page.mouse.click(submit.x, submit.y);
  await until(cdp, `!!${dialog}?.querySelector("[data-hikiai-state=success]")`, "the thanks");
  await page.waitForTimeout(1000);
  const tasks = await evaluate<[number, number][]>(cdp, "window.longTasks");
  const loaderAt = await evaluate<number>(
    cdp,
    `performance.getEntriesByType("resource").find((e) => /\\/w\\.js$/.test(e.name))?.responseEnd ?? 1e9`,
  );
  const frames = await evaluate<[number, number][]>(cdp, "window.longFrames");
  const pageEnd = await pageOwnUntil(cdp, loaderAt, frames);
  const shifts = await evaluate<[number, number][]>(cdp, "window.shifts");
  const parts = await evaluate<[number, string][]>(cdp, "window.frameParts");
  const sources = await evaluate<string[]>(cdp, "window.shiftSources ?? []");
  const added = await evaluate<[number, string][]>(cdp, "window.widgetParts ?? []");
  await page.close();
  return {
    page: Math.max(pageFrame(frames, pageEnd), ...tasks.filter(([start]) => start < pageEnd).map(([, d]) => d)),
    widget: tasks.filter(([start]) => start >= pageEnd).map(([, d]) => d),
    cls: shifts.reduce((sum, [, v]) => sum + v, 0),
    pageCls: shifts.filter(([at]) => at < loaderAt).reduce((sum, [, v]) => sum + v, 0),
    frames: parts
      .filter(([start, text]) => start >= pageEnd && Number.parseInt(text, 10) > 50)
      .map(([start, text]) => {
        const end = start + Number.parseInt(text, 10);
        const inFrame = added.filter(([at]) => at >= start && at <= end).map(([, what]) => what);
        return inFrame.length ? `${text}; added: ${inFrame.join(", ")}` : text;
      }),
    sources,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
/** The widget's longest task against the page's own: below 50 ÷ the page's own is the goal. */
const ratio = (widget: number, page: number) => (widget && page ? (widget / page).toFixed(2) : "–");

const persistTo = mkdtempSync(join(tmpdir(), "hikiai-bench-widget-"));
const stack = await startLocalStack({ workerPort: PORT, demoPort: DEMO_PORT, persistTo });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  console.log(
    `demo page, CPU throttled ${THROTTLE}×, medians of ${RUNS} runs each${FONT_FIRST ? `; ${FONT_FIRST} first in the widget's font list` : ""}\n`,
  );
  if (!VISITS) {
    console.log("Page load and dialog, 1280×3000 (every inline form in view at once):\n");
    console.log(
      "| phase | long tasks | longest task, ms | longest: page / loader / chunk, ms | widget's longest ÷ page's own | main-thread task time, ms |",
    );
    console.log("| --- | --- | --- | --- | --- | --- |");
  }
  // The yardstick: the page's own longest task, from the runs without the widget.
  let yardstick = 0;
  let noWidget: Run[] = [];
  for (const phase of VISITS ? [] : (["no widget", "load", "dialog"] as const)) {
    const runs: Run[] = [];
    // Interleaving would be fairer, but each run is a fresh page; the first one warms caches.
    await measure(browser, stack.demo, phase);
    for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, stack.demo, phase));
    const label = {
      "no widget": "page without the widget (the yardstick)",
      load: "page + loader + chunk + 3 inline forms",
      dialog: "open the quote dialog",
    }[phase];
    const byPhase = (["page", "loader", "chunk"] as const)
      .map((p) => Math.round(median(runs.map((r) => r.byPhase[p]))))
      .join(" / ");
    // Without the widget, the page's own longest task or frame: its first layout is a frame of
    // rendering only.
    const longest = median(runs.map((r) => Math.max(phase === "no widget" ? r.byPhase.page : 0, ...r.longTasks)));
    if (phase === "no widget") {
      yardstick = longest;
      noWidget = runs;
    }
    // The widget's part: in the load phase what started after w.js arrived; a dialog is all widget.
    const widget = phase === "load" ? median(runs.map((r) => Math.max(r.byPhase.loader, r.byPhase.chunk))) : longest;
    console.log(
      `| ${label} | ${median(runs.map((r) => r.longTasks.length))} | ${Math.round(longest)} | ${phase === "load" ? byPhase : "–"} | ${phase === "no widget" ? "–" : ratio(widget, yardstick)} | ${Math.round(median(runs.map((r) => r.taskMs)))} |`,
    );
    if (process.env.BENCH_VERBOSE) for (const r of runs) console.log(`  ${r.detail}`);
  }
  const texts = noWidget.map((r): [number, number] => r.firstText ?? [0, 0]);
  if (!VISITS)
    console.log(
      `\nThe page's own first 14 px bold Japanese line, without the widget (ms, median): in its own font ${Math.round(median(texts.map(([own]) => own)))}, in the widget's font list ${Math.round(median(texts.map(([, widget]) => widget)))}`,
    );

  console.log("\nA whole visit: load, scroll to the bottom, open the quote dialog, type, submit:\n");
  console.log(
    "| viewport | widget's long tasks | widget's longest, ms | page's own longest, ms | ratio | CLS (shifts not after input) |",
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const [width, height] of VISITS ?? [
    [1280, 800],
    [390, 844],
  ]) {
    const runs: Visit[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await visit(browser, stack.demo, width, height));
      const { cls, sources } = runs[i]!;
      if (VISITS)
        console.log([`  visit ${i + 1}: CLS ${cls.toFixed(5)}`, ...sources.map((s) => `    shift ${s}`)].join("\n"));
    }
    const widget = median(runs.map((r) => Math.max(0, ...r.widget)));
    const page = median(runs.map((r) => r.page));
    console.log(
      `| ${width}×${height} | ${median(runs.map((r) => r.widget.length))} | ${Math.round(widget)} | ${Math.round(page)} | ${ratio(widget, page)} | ${Math.max(...runs.map((r) => r.cls)).toFixed(4)} (max of runs) |`,
    );
    if (process.env.BENCH_VERBOSE)
      for (const r of runs)
        console.log(
          `  widget ${r.widget.map(Math.round).join(" ")}; page ${Math.round(r.page)}; cls ${r.cls} (before w.js: ${r.pageCls})\n${[...r.frames.map((f) => `    frame ${f}`), ...r.sources.map((s) => `    shift ${s}`)].join("\n")}`,
        );
  }
} finally {
  await browser.close();
  await stack.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
