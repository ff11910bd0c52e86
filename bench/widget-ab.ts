// WIDGET_AB=dirA,dirB node bench/widget-ab.ts: the "page + loader + chunk + 3 inline forms" phase
// of bench/widget-main-thread.ts for two builds of the widget (each dir holds a w.js and its
// chunks, e.g. a copy of dist/widget), alternating page loads in one run so that both see the
// same machine load. The builds are served through request interception; the collector and the
// demo page are the real local stack. BENCH_PHASE=dialog measures a click on the quote button
// until its dialog is complete instead (traced from the click, after the page has loaded).
//
// Besides the long tasks the page observes (wall clock, stretched whenever the machine is
// loaded), it reads a Chromium trace of each load and reports the main-thread tasks by thread
// time (CPU time of the renderer's main thread: CDP's throttling keeps the thread busy, so it is
// counted, while waiting for a core under load is not), each named by its largest parts. On an
// idle machine the two agree; under load, thread time is the steadier figure.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CDPSession, chromium } from "playwright-core";
import { startLocalStack } from "../scripts/local-stack.ts";

const PORT = Number(process.env.BENCH_PORT ?? 8795);
const RUNS = Number(process.env.BENCH_RUNS ?? 8);
const THROTTLE = Number(process.env.BENCH_THROTTLE ?? 8);
const dirs = (process.env.WIDGET_AB ?? "").split(",").filter(Boolean);
const INLINE = ["#pricelist-form", "#demo-form", "#contact-form-en"];
/** BENCH_PHASE=dialog: the click on the quote button until its dialog is complete, after the page has loaded. */
const DIALOG = process.env.BENCH_PHASE === "dialog";
if (!dirs.length) {
  console.error("WIDGET_AB=dirA,dirB: the widget builds to compare (copies of dist/widget)");
  process.exit(2);
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  tid: number;
  pid: number;
  args?: { name?: string; data?: { url?: string } };
}
interface Run {
  /** Long tasks the page observed (ms, wall clock). */
  longTasks: number[];
  /** The longest task's thread time after w.js arrived, leaving out the page's first layout. */
  maxThread: number;
  /** Tasks over 20 ms of thread time: "thread/wall[largest parts]". */
  tasks: string;
}

/** Main-thread tasks from w.js's first run on, by thread time. */
function readTrace(events: TraceEvent[]): { maxThread: number; tasks: string } {
  const main = events.find(
    (e) =>
      e.ph === "M" &&
      e.name === "thread_name" &&
      e.args?.name === "CrRendererMain" &&
      events.some((x) => x.pid === e.pid && x.name === "EvaluateScript"),
  );
  const mine = events
    .filter((e) => e.ph === "X" && e.pid === main?.pid && e.tid === main?.tid)
    .sort((a, b) => a.ts - b.ts);
  const from = mine.find((e) => e.name === "EvaluateScript" && e.args?.data?.url?.endsWith("/w.js"))?.ts ?? 0;
  const end = (e: TraceEvent) => e.ts + (e.dur ?? 0);
  const ms = (us = 0) => Math.round(us / 1000);
  const tasks: string[] = [];
  let maxThread = 0;
  for (const task of mine.filter((e) => e.name === "RunTask" && end(e) > from && (e.tdur ?? 0) > 20_000)) {
    const parts = mine
      .filter((e) => e !== task && !/RunTask|mojo/.test(e.name) && e.ts >= task.ts && end(e) <= end(task))
      .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
      .slice(0, 3)
      .map(
        (e) =>
          `${e.name}${e.args?.data?.url ? `(${e.args.data.url.split("/").pop()?.slice(0, 6)})` : ""}:${ms(e.tdur)}`,
      );
    // The page's first layout (held until w.js has run, blocking=render) is the page's own:
    // 100–250 ms of thread time on this machine (no Japanese font), before the first paint.
    if (!/^Layout:\d{3}/.test(parts[0] ?? "")) maxThread = Math.max(maxThread, ms(task.tdur));
    tasks.push(`${ms(task.tdur)}/${ms(task.dur)}[${parts.join(",")}]`);
  }
  return { maxThread, tasks: tasks.join(" ") };
}

async function until(cdp: CDPSession, expression: string) {
  for (const end = Date.now() + 30_000; Date.now() < end; ) {
    if ((await cdp.send("Runtime.evaluate", { expression, returnByValue: true })).result.value) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${expression}`);
}

const persistTo = mkdtempSync(join(tmpdir(), "hikiai-bench-ab-"));
const stack = await startLocalStack({ workerPort: PORT, demoPort: PORT + 1, persistTo });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });

async function measure(dir: string): Promise<Run> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 3000 } });
  await page.route(/\/(w|[ft]-[0-9a-f]+)\.js(\?.*)?$/, (route) =>
    route.fulfill({
      body: readFileSync(join(dir, new URL(route.request().url()).pathname.slice(1))),
      headers: { "content-type": "text/javascript", "access-control-allow-origin": "*" },
    }),
  );
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
  await page.addInitScript(() => {
    const longTasks: number[] = [];
    Object.assign(window, { longTasks });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  const startTrace = () =>
    browser.startTracing(page, {
      categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel"],
    });
  const complete = (host: string) =>
    `!!document.querySelector("${host}")?.shadowRoot?.querySelector("[data-hikiai-state] [type=submit]")`;
  if (!DIALOG) await startTrace();
  await page.goto(`${stack.demo}/`);
  for (const id of INLINE) await until(cdp, complete(`${id} [data-hikiai-form]`));
  await page.waitForTimeout(1500);
  if (DIALOG) {
    await cdp.send("Runtime.evaluate", { expression: "window.longTasks.length = 0" });
    await startTrace();
    const { x, y } = (
      await cdp.send("Runtime.evaluate", {
        expression: `(() => { const r = document.querySelector("#quote-button").getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
        returnByValue: true,
      })
    ).result.value as { x: number; y: number };
    await page.mouse.click(x, y);
    await until(cdp, complete("[data-hikiai-dialog=quote]"));
    await page.waitForTimeout(500);
  }
  const longTasks = (await cdp.send("Runtime.evaluate", { expression: "window.longTasks", returnByValue: true })).result
    .value as number[];
  const trace = readTrace(JSON.parse((await browser.stopTracing()).toString()).traceEvents);
  await page.close();
  return { longTasks, ...trace };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
try {
  const runs = new Map<string, Run[]>(dirs.map((d) => [d, []]));
  for (let i = 0; i <= RUNS; i++)
    for (const dir of dirs) {
      const run = await measure(dir);
      // The first round warms caches and is not counted.
      if (i > 0) runs.get(dir)?.push(run);
    }
  const what = DIALOG ? "opening the quote dialog" : "loading the page with 3 inline forms";
  console.log(`demo page, ${what}, 1280×3000, CPU throttled ${THROTTLE}×, ${RUNS} loads per build, alternating\n`);
  console.log("| build | long tasks per load | longest task, ms | longest by thread time, ms |");
  console.log("| --- | --- | --- | --- |");
  for (const [dir, rs] of runs) {
    const longest = rs.map((r) => Math.round(Math.max(0, ...r.longTasks)));
    const threads = rs.map((r) => r.maxThread);
    console.log(
      `| ${dir} | ${median(rs.map((r) => r.longTasks.length))} | ${median(longest)} (${longest.join(", ")}) | ${median(threads)} (${threads.join(", ")}) |`,
    );
  }
  if (process.env.BENCH_VERBOSE)
    for (const [dir, rs] of runs) {
      console.log(`\n${dir}: tasks over 20 ms of thread time, thread/wall ms [largest parts: thread ms]`);
      for (const r of rs) console.log(`  ${r.tasks}`);
    }
} finally {
  await browser.close();
  await stack.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
