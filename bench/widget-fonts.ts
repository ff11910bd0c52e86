// node bench/widget-fonts.ts: what the first layout of a form's Japanese text costs, step by step,
// at 8× CPU throttling (BENCH_THROTTLE), in Chromium. No local stack: a page of Japanese text in
// its own font (as the demo page) with a shadow root styled as the widget's (`all: initial`, the
// widget's font list read from widget/forms/styles.css), into which each step adds one line and
// forces its layout. Each step's cost is the renderer main thread's time in style and layout
// (a Chromium trace's thread time, which waiting for a core on a loaded machine does not inflate).
// Cases, each a fresh page, alternating, BENCH_RUNS (7) pages per case; medians printed:
//   - the widget's font list;
//   - `sans-serif` alone (where Japanese comes from the same fallback face);
//   - the widget's list after a worker measured the same texts on an OffscreenCanvas in the same
//     fonts (the renderer's font caches are its process's: does the main thread find them filled?);
//   - the widget's list with a Japanese face this machine has named first (no fallback look-up).
// Prints figures, asserts nothing.
import { readFileSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const THROTTLE = Number(process.env.BENCH_THROTTLE ?? 8);
const WIDGET_FONTS =
  readFileSync(new URL("../widget/forms/styles.css", import.meta.url), "utf8").match(
    /font:\s*16px \/ 1\.6 ([^;]+);/,
  )?.[1] ?? "";

/**
 * A Japanese face this machine has (BENCH_FONT_FIRST, `fc-list :lang=ja`), named first in the
 * list: what a visitor's machine with a face the list names (Hiragino, Yu Gothic, Meiryo) does.
 */
const FACE = process.env.BENCH_FONT_FIRST ?? "IPAGothic";

/** One line each, in order: [what, CSS of the line, its text]. */
const STEPS: [string, string, string][] = [
  ["label 14 px bold (first)", "font-size:14px;font-weight:700", "メールアドレス必須"],
  ["same text again", "font-size:14px;font-weight:700", "メールアドレス必須"],
  ["5 new characters, same font", "font-size:14px;font-weight:700", "お名前会社"],
  ["input 16 px (new size)", "font-size:16px", "例）山田 太郎"],
  ["consent 12 px (new size)", "font-size:12px", "送信すると個人情報の取扱いに同意"],
];
const CASES: Record<string, { family: string; warm?: boolean }> = {
  "widget's list": { family: WIDGET_FONTS },
  "sans-serif": { family: "sans-serif" },
  "widget's list, worker warm-up first": { family: WIDGET_FONTS, warm: true },
  [`${FACE} first in the widget's list`]: { family: `${FACE}, ${WIDGET_FONTS}` },
};
const PAGE = `<!doctype html><html lang="ja"><body style="font: 15px serif"><p>日本語のページ本文です。株式会社サンプルの製品紹介、お問い合わせはこちらから。</p><div id="h"></div></body></html>`;

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  tdur?: number;
}

async function measure(browser: Browser, family: string, warm: boolean): Promise<number[]> {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await page.setContent(PAGE);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
  await page.evaluate((family) => {
    const root = document.getElementById("h")!.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = ":host { all: initial !important; display: block !important }";
    const box = document.createElement("div");
    box.style.font = `16px / 1.6 ${family}`;
    root.append(style, box);
    Object.assign(window, { box });
    box.offsetHeight;
  }, family);
  if (warm)
    await page.evaluate(
      ([family, steps]) =>
        new Promise((done) => {
          const fonts = steps.map(([, css]) => `${css.includes("700") ? "700 " : ""}${css.match(/\d+px/)} ${family}`);
          const source = `const c = new OffscreenCanvas(1, 1).getContext("2d");
            for (const f of ${JSON.stringify(fonts)}) { c.font = f; c.measureText(${JSON.stringify(steps.map((s) => s[2]).join(""))}); }
            postMessage(0);`;
          new Worker(URL.createObjectURL(new Blob([source]))).onmessage = done;
        }),
      [family, STEPS] as const,
    );
  await page
    .context()
    .browser()
    ?.startTracing(page, {
      categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing"],
    });
  for (const [i, [, css, text]] of STEPS.entries()) {
    await page.waitForTimeout(100);
    await page.evaluate(
      ([css, text, i]) => {
        const p = document.createElement("p");
        p.style.cssText = css;
        p.textContent = text;
        performance.mark(`s${i}`);
        (window as unknown as { box: { append(line: unknown): void } }).box.append(p);
        p.offsetHeight;
        performance.mark(`e${i}`);
      },
      [css, text, i] as const,
    );
  }
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents as TraceEvent[];
  await page.close();
  const at = (name: string) => events.find((e) => e.name === name)?.ts ?? 0;
  return STEPS.map((_, i) => {
    const [from, to] = [at(`s${i}`), at(`e${i}`)];
    const layout = events.filter(
      (e) => e.ph === "X" && /^(Layout|UpdateLayoutTree)$/.test(e.name) && e.ts >= from && e.ts <= to,
    );
    return layout.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  const runs = new Map<string, number[][]>(Object.keys(CASES).map((c) => [c, []]));
  for (let i = 0; i < RUNS; i++)
    for (const [name, { family, warm }] of Object.entries(CASES))
      runs.get(name)?.push(await measure(browser, family, !!warm));
  console.log(
    `A form's first Japanese text, style+layout thread time (ms, median of ${RUNS}), CPU throttled ${THROTTLE}×\n`,
  );
  console.log(`| step | ${Object.keys(CASES).join(" | ")} |`);
  console.log(
    `| --- | ${Object.keys(CASES)
      .map(() => "---")
      .join(" | ")} |`,
  );
  for (const [i, [what]] of STEPS.entries())
    console.log(`| ${what} | ${[...runs.values()].map((rs) => median(rs.map((r) => r[i]!)).toFixed(1)).join(" | ")} |`);
} finally {
  await browser.close();
}
