// npm run bench:app — the dashboard in Chromium at 4× CPU throttling, against wrangler dev and a
// local D1 seeded with BENCH_INQUIRIES (100k) inquiries on the demo site: time from navigation to
// an interactive inbox of 50 rows, how much of it follows the API's answer, the long tasks
// (> 50 ms) while loading and while filtering; then the KPI view of 90 days (navigation → both
// charts' tables shown, and after the last /v1/stats answer). Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { chromium } from "playwright-core";
import { startLocalStack } from "../scripts/local-stack.ts";
import { localD1File, scalar, seedLocalD1 } from "./team-api-seed.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const INQUIRIES = Number(process.env.BENCH_INQUIRIES ?? 100_000);
const PORT = Number(process.env.BENCH_PORT ?? 8798);
const DEMO_PORT = Number(process.env.BENCH_DEMO_PORT ?? 5198);

interface Run {
  /** Navigation start → 50 rows in the DOM with the first one focusable. */
  interactive: number;
  /** The list request's responseEnd → the same moment. */
  afterApi: number;
  longTasksLoad: number[];
  /** Long tasks from a filter change (kind) until its rows are shown. */
  longTasksFilter: number[];
  /** Navigation to /app/kpi?days=90 → both tables in the DOM. */
  kpi: number;
  /** The last /v1/stats responseEnd → the same moment. */
  kpiAfterApi: number;
  longTasksKpi: number[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const persistTo = mkdtempSync(join(tmpdir(), "hikiai-bench-app-"));
const stack = await startLocalStack({ workerPort: PORT, demoPort: DEMO_PORT, persistTo, turnstilePort: false });
const runs: Run[] = [];
try {
  // The seed writes the SQLite file directly, so the worker lets go of it meanwhile.
  await stack.stopWorker();
  const file = localD1File(persistTo);
  const db = new DatabaseSync(file);
  const { id: siteId } = db.prepare("SELECT id FROM sites WHERE site_key = ?").get(stack.siteKey) as { id: string };
  db.close();
  const started = performance.now();
  seedLocalD1(file, [{ id: siteId, share: 1 }], { leads: INQUIRIES / 5, inquiries: INQUIRIES }, 0, Date.now());
  console.log(
    `seeded ${scalar(file, "SELECT count(*) FROM inquiries")} inquiries in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await stack.startWorker();

  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      await page.goto(await stack.signInLink());
      // The link's page: its button signs in and goes on to /app.
      await page.getByRole("button", { name: "サインインする" }).click();
      await page.locator("[data-inbox-row]").first().waitFor();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      // Observers installed before the app's script runs.
      await page.addInitScript(() => {
        const w = window as unknown as { longTasks: number[]; rowsAt?: number };
        w.longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.longTasks.push(e.duration);
        }).observe({ type: "longtask", buffered: true });
        new MutationObserver(() => {
          if (w.rowsAt === undefined && document.querySelectorAll("[data-inbox-row] a").length >= 50)
            w.rowsAt = performance.now();
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(`${stack.collector}/app/inbox?status=all`);
      await page.waitForFunction(() => (window as unknown as { rowsAt?: number }).rowsAt !== undefined, null, {
        timeout: 60_000,
      });
      const load = await page.evaluate(() => {
        const w = window as unknown as { longTasks: number[]; rowsAt: number };
        const list = performance
          .getEntriesByType("resource")
          .find((e) => /\/v1\/inquiries\?/.test(e.name)) as PerformanceResourceTiming;
        return { rowsAt: w.rowsAt, responseEnd: list.responseEnd, longTasks: [...w.longTasks] };
      });
      // Filtering: the kind select, until the first row of the new list is a quote.
      await page.evaluate(() => {
        (window as unknown as { longTasks: number[] }).longTasks.length = 0;
      });
      await page.locator(".more-filters summary").click();
      await page.locator(".filter-fields select").selectOption("quote");
      await page.waitForFunction(() => new URL(location.href).searchParams.get("kind") === "quote");
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll("[data-inbox-row] .kind")].length > 0 &&
          [...document.querySelectorAll("[data-inbox-row] .kind")].every((k) => k.textContent === "見積依頼"),
        null,
        { timeout: 60_000 },
      );
      const filterTasks = await page.evaluate(() => [...(window as unknown as { longTasks: number[] }).longTasks]);
      // The KPI view of 90 days by day, loaded afresh (its lazy chunk and both /v1/stats calls).
      await page.goto(`${stack.collector}/app/kpi?days=90&by=day`);
      await page.waitForFunction(() => document.querySelectorAll("[data-kpi-table] tbody tr").length >= 2 * 90, null, {
        timeout: 60_000,
      });
      const kpi = await page.evaluate(() => {
        const shownAt = performance.now();
        const stats = performance
          .getEntriesByType("resource")
          .filter((e) => /\/v1\/stats\?/.test(e.name)) as PerformanceResourceTiming[];
        const lastAnswer = Math.max(...stats.map((e) => e.responseEnd));
        return { shownAt, lastAnswer, longTasks: [...(window as unknown as { longTasks: number[] }).longTasks] };
      });
      await context.close();
      // The first run warms wrangler and D1's page cache: not counted.
      if (i === 0) continue;
      runs.push({
        interactive: load.rowsAt,
        afterApi: load.rowsAt - load.responseEnd,
        longTasksLoad: load.longTasks,
        longTasksFilter: filterTasks,
        kpi: kpi.shownAt,
        kpiAfterApi: kpi.shownAt - kpi.lastAnswer,
        longTasksKpi: kpi.longTasks,
      });
    }
  } finally {
    await browser.close();
  }
} finally {
  await stack.stop();
  rmSync(persistTo, { recursive: true, force: true });
}

const fmt = (n: number) => `${n.toFixed(0)} ms`;
console.log(`\nInbox of 50 rows (of ${INQUIRIES} inquiries), Chromium at 4× CPU throttling, cache off, ${RUNS} runs`);
console.log(
  `navigation → interactive list: median ${fmt(median(runs.map((r) => r.interactive)))}, runs ${runs.map((r) => fmt(r.interactive)).join(", ")}`,
);
console.log(
  `API answer → interactive list: median ${fmt(median(runs.map((r) => r.afterApi)))}, runs ${runs.map((r) => fmt(r.afterApi)).join(", ")}`,
);
console.log(`long tasks while loading: ${runs.map((r) => `[${r.longTasksLoad.map(fmt).join(" ")}]`).join(" ")}`);
console.log(`long tasks while filtering: ${runs.map((r) => `[${r.longTasksFilter.map(fmt).join(" ")}]`).join(" ")}`);
console.log(
  `navigation → KPI view of 90 days: median ${fmt(median(runs.map((r) => r.kpi)))} (polled, so an upper bound), runs ${runs.map((r) => fmt(r.kpi)).join(", ")}`,
);
console.log(
  `last /v1/stats answer → KPI view shown: median ${fmt(median(runs.map((r) => r.kpiAfterApi)))}, runs ${runs.map((r) => fmt(r.kpiAfterApi)).join(", ")}`,
);
console.log(`long tasks on the KPI view: ${runs.map((r) => `[${r.longTasksKpi.map(fmt).join(" ")}]`).join(" ")}`);
