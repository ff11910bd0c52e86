// WIDGET_AB=dirA,dirB node bench/widget-ab.ts: the "page + loader + chunk + 3 inline forms" phase
// of bench/widget-main-thread.ts for two builds of the widget (each dir holds a w.js and its
// chunks, e.g. a copy of dist/widget), alternating page loads in one run so that both see the
// same machine load. The builds are served through request interception; the collector and the
// demo page are the real local stack. BENCH_PHASE=dialog measures a click on the quote button
// until its dialog is complete instead (traced from the click, after the page has loaded);
// BENCH_PHASE=submit the click on that dialog's submit button, once typed into, until its thanks
// (the check, the send, the collector's answer and its rendering).
//
// Besides the long tasks the page observes (wall clock, stretched whenever the machine is
// loaded), it reads a Chromium trace of each load and reports the main-thread tasks by thread
// time (CPU time of the renderer's main thread: CDP's throttling keeps the thread busy, so it is
// counted, while waiting for a core under load is not), each named by its largest parts. On an
// idle machine the two agree; under load, thread time is the steadier figure.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CDPSession, chromium, type Page } from "playwright-core";
import { startLocalStack } from "../scripts/local-stack.ts";

const PORT = Number(process.env.BENCH_PORT ?? 8795);
const RUNS = Number(process.env.BENCH_RUNS ?? 8);
const THROTTLE = Number(process.env.BENCH_THROTTLE ?? 8);
const dirs = (process.env.WIDGET_AB ?? "").split(",").filter(Boolean);
const INLINE = ["#pricelist-form", "#demo-form", "#contact-form-en"];
/** BENCH_PHASE=dialog: the click on the quote button until its dialog is complete, after the page has loaded. */
const DIALOG = process.env.BENCH_PHASE === "dialog";
/** BENCH_PHASE=submit: the click on the quote dialog's submit button until its thanks. */
const SUBMIT = process.env.BENCH_PHASE === "submit";
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
  /** Long animation frames the page observed (ms, wall clock): a task and the rendering after it. */
  longFrames: string[];
  /** BENCH_PHASE=submit: the longest frame that ended after the collector's answer arrived (ms). */
  answerFrame?: number;
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
    const longFrames: string[] = [];
    const frameEnds: [number, number][] = [];
    Object.assign(window, { longTasks, longFrames, frameEnds });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
    // Each as "duration[its scripts over 1 ms]": whose work the frame held.
    type Frame = PerformanceEntry & { scripts: { invoker: string; duration: number }[] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Frame[]) {
        frameEnds.push([e.startTime + e.duration, e.duration]);
        longFrames.push(
          `${Math.round(e.duration)}[${e.scripts
            .filter((s) => s.duration >= 1)
            .map((s) => `${s.invoker}:${Math.round(s.duration)}`)
            .join(",")}]`,
        );
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  });
  const startTrace = () =>
    browser.startTracing(page, {
      categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel"],
    });
  try {
    return await traced(page, cdp, startTrace);
  } catch (error) {
    await browser.stopTracing().catch(() => {});
    throw error;
  } finally {
    await page.close();
  }
}

/** One load (and the dialog's opening or its submit), traced from where its phase starts. */
async function traced(page: Page, cdp: CDPSession, startTrace: () => Promise<void>): Promise<Run> {
  const complete = (host: string) =>
    `!!document.querySelector("${host}")?.shadowRoot?.querySelector("[data-hikiai-state] [type=submit]")`;
  if (!DIALOG && !SUBMIT) await startTrace();
  await page.goto(`${stack.demo}/`);
  for (const id of INLINE) await until(cdp, complete(`${id} [data-hikiai-form]`));
  await page.waitForTimeout(1500);
  const reset = "window.longTasks.length = 0; window.longFrames.length = 0; window.frameEnds.length = 0";
  const dialog = `document.querySelector("[data-hikiai-dialog=quote]")?.shadowRoot`;
  if (DIALOG || SUBMIT) {
    if (DIALOG) {
      await cdp.send("Runtime.evaluate", { expression: reset });
      await startTrace();
    }
    await page.mouse.click(...(await centre(cdp, `document.querySelector("#quote-button")`, false)));
    await until(cdp, complete("[data-hikiai-dialog=quote]"));
    await page.waitForTimeout(500);
  }
  if (SUBMIT) {
    for (const [name, text] of [
      ["email", "ab@example.jp"],
      ["message", "見積をお願いします。数量は 100 個です。"],
    ] as const) {
      await page.mouse.click(...(await centre(cdp, `${dialog}.querySelector("[name=${name}]")`)));
      await cdp.send("Input.insertText", { text });
    }
    const button = await centre(cdp, `${dialog}.querySelector("[type=submit]")`);
    await page.waitForTimeout(500);
    await cdp.send("Runtime.evaluate", { expression: reset });
    await startTrace();
    await page.mouse.click(...button);
    const state = `${dialog}?.querySelector("[data-hikiai-state]")?.dataset.hikiaiState`;
    await until(cdp, `!/idle|sending/.test(${state})`);
    const shown = (await cdp.send("Runtime.evaluate", { expression: state, returnByValue: true })).result.value;
    if (shown !== "success") throw new Error(`the submit ended in state ${shown}`);
    await page.waitForTimeout(800);
  }
  const read = async <T>(expression: string) =>
    (await cdp.send("Runtime.evaluate", { expression, returnByValue: true })).result.value as T;
  const longTasks = await read<number[]>("window.longTasks");
  const longFrames = await read<string[]>("window.longFrames");
  // The frames of the answer: from the collector's answer arriving (Resource Timing) on.
  const answerFrame = SUBMIT
    ? await read<number>(
        `Math.max(0, ...window.frameEnds.filter(([end]) => end > performance.getEntriesByType("resource").findLast((e) => e.name.includes("/v1/collect/")).responseEnd).map(([, d]) => Math.round(d)))`,
      )
    : undefined;
  const trace = readTrace(JSON.parse((await browser.stopTracing()).toString()).traceEvents);
  return { longTasks, longFrames, answerFrame, ...trace };
}

/** An element's centre as [x, y], scrolled into view first unless `scroll` is false (`element` is an expression). */
async function centre(cdp: CDPSession, element: string, scroll = true): Promise<[number, number]> {
  const { x, y } = (
    await cdp.send("Runtime.evaluate", {
      expression: `(() => { const el = ${element}; ${scroll ? 'el.scrollIntoView({ block: "center" });' : ""} const r = el.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
      returnByValue: true,
    })
  ).result.value as { x: number; y: number };
  return [x, y];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
try {
  const runs = new Map<string, Run[]>(dirs.map((d) => [d, []]));
  for (let i = 0; i <= RUNS; i++)
    for (const dir of dirs) {
      // A load that never completed is printed and left out (a loaded machine can exceed the 30 s wait).
      const run = await measure(dir).catch((error: Error) => console.log(`${dir}, round ${i}: ${error.message}`));
      // The first round warms caches and is not counted.
      if (i > 0 && run) runs.get(dir)?.push(run);
    }
  const what = DIALOG
    ? "opening the quote dialog"
    : SUBMIT
      ? "submitting the quote dialog until its thanks"
      : "loading the page with 3 inline forms";
  console.log(`demo page, ${what}, 1280×3000, CPU throttled ${THROTTLE}×, ${RUNS} loads per build, alternating\n`);
  const answer = SUBMIT ? " the answer's longest frame over 50 ms (0: none) |" : "";
  console.log(
    `| build | long tasks per load | longest task, ms | longest by thread time, ms | longest frame, ms |${answer}`,
  );
  console.log(`| --- | --- | --- | --- | --- |${SUBMIT ? " --- |" : ""}`);
  for (const [dir, rs] of runs) {
    const longest = rs.map((r) => Math.round(Math.max(0, ...r.longTasks)));
    const threads = rs.map((r) => r.maxThread);
    const frames = rs.map((r) => Math.max(0, ...r.longFrames.map((f) => Number.parseInt(f, 10))));
    const answers = rs.map((r) => r.answerFrame ?? 0);
    console.log(
      `| ${dir} | ${median(rs.map((r) => r.longTasks.length))} | ${median(longest)} (${longest.join(", ")}) | ${median(threads)} (${threads.join(", ")}) | ${median(frames)} (${frames.join(", ")}) |${SUBMIT ? ` ${median(answers)} (${answers.join(", ")}) |` : ""}`,
    );
  }
  if (process.env.BENCH_VERBOSE)
    for (const [dir, rs] of runs) {
      console.log(`\n${dir}: tasks over 20 ms of thread time, thread/wall ms [largest parts: thread ms]; long frames`);
      for (const r of rs) console.log(`  ${r.tasks}\n    frames ${r.longFrames.join(" ")}`);
    }
} finally {
  await browser.close();
  await stack.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
