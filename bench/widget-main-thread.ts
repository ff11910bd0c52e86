// npm run bench:widget: main-thread work of the widget on the demo page in Chromium at 4× CPU
// throttling (CDP Emulation.setCPUThrottlingRate): long tasks (> 50 ms, PerformanceObserver
// "longtask") and total task time, for the page without the widget (w.js blocked), the page
// with it (loader + chunk + three inline forms), and opening a dialog. Prints figures, asserts
// nothing: timings are noisy on a shared machine; compare rows of one run.
//
// Each long task is also put in the phase where it started: before w.js arrived (the page's
// own), between w.js and the forms chunk arriving (the loader's), or after (the chunk's).
//
// The page is driven through bare CDP (Runtime.evaluate, Input events) only: Playwright's
// locators inject their selector engine into the page, and evaluating it is itself a 40–120 ms
// task at 4× that the long-task observer would blame on the widget.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type CDPSession, chromium } from "playwright-core";
import { startLocalStack } from "../scripts/local-stack.ts";

const PORT = Number(process.env.BENCH_PORT ?? 8795);
const DEMO_PORT = Number(process.env.BENCH_DEMO_PORT ?? PORT + 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const THROTTLE = 4;
const INLINE = ["#pricelist-form", "#demo-form", "#contact-form-en"];

type Phase = "no widget" | "load" | "dialog";
interface Run {
  longTasks: number[];
  /** Longest task per phase: page (before w.js arrived), loader (until the chunk arrived), chunk (after). */
  byPhase: { page: number; loader: number; chunk: number };
  /** CDP Performance.getMetrics TaskDuration, ms: all main-thread work in the phase. */
  taskMs: number;
}

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

/** True once the form in the shadow host `host` has its submit button, its last part (forms/pace.ts). */
const formShown = (host: string) =>
  `!!document.querySelector(${JSON.stringify(host)})?.shadowRoot?.querySelector("[data-hikiai-state] [type=submit]")`;

async function measure(browser: Browser, demo: string, phase: Phase): Promise<Run> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 3000 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
  await cdp.send("Performance.enable");
  await page.addInitScript(() => {
    const longTasks: [number, number][] = [];
    Object.assign(window, { longTasks });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  });
  if (phase === "no widget") await page.route("**/w.js", (r) => r.abort());
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
  // When each file had arrived (Resource Timing), Infinity if it never came.
  const [loaderAt, chunkAt] = await evaluate<[number, number]>(
    cdp,
    `[/\\/w\\.js$/, /\\/f-[0-9a-f]+\\.js/].map((re) => performance.getEntriesByType("resource").find((e) => re.test(e.name))?.responseEnd ?? 1e9)`,
  );
  const longest = (from: number, to: number) =>
    Math.max(0, ...tasks.filter(([start]) => start >= from && start < to).map(([, d]) => d));
  const run = {
    longTasks: tasks.map(([, d]) => d),
    byPhase: { page: longest(0, loaderAt), loader: longest(loaderAt, chunkAt), chunk: longest(chunkAt, 1e9) },
    taskMs: (await taskTime()) - before,
  };
  await page.close();
  return run;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const persistTo = mkdtempSync(join(tmpdir(), "hikiai-bench-widget-"));
const stack = await startLocalStack({ workerPort: PORT, demoPort: DEMO_PORT, persistTo });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  console.log(`demo page, 1280×3000, CPU throttled ${THROTTLE}×, medians of ${RUNS} runs each\n`);
  console.log(
    "| phase | long tasks | longest task, ms | longest: page / loader / chunk, ms | main-thread task time, ms |",
  );
  console.log("| --- | --- | --- | --- | --- |");
  for (const phase of ["no widget", "load", "dialog"] as const) {
    const runs: Run[] = [];
    // Interleaving would be fairer, but each run is a fresh page; the first one warms caches.
    await measure(browser, stack.demo, phase);
    for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, stack.demo, phase));
    const label = {
      "no widget": "page without the widget",
      load: "page + loader + chunk + 3 inline forms",
      dialog: "open the quote dialog",
    }[phase];
    const byPhase = (["page", "loader", "chunk"] as const)
      .map((p) => Math.round(median(runs.map((r) => r.byPhase[p]))))
      .join(" / ");
    console.log(
      `| ${label} | ${median(runs.map((r) => r.longTasks.length))} | ${Math.round(median(runs.map((r) => Math.max(0, ...r.longTasks))))} | ${phase === "load" ? byPhase : "–"} | ${Math.round(median(runs.map((r) => r.taskMs)))} |`,
    );
    if (process.env.BENCH_VERBOSE) for (const r of runs) console.log(`  ${r.longTasks.map(Math.round).join(" ")}`);
  }
} finally {
  await browser.close();
  await stack.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
