// npm run bench:observer: what the loader's MutationObserver (data-observe) costs on a page that
// mutates a lot, as single-page apps do. In Chromium, a page with 3,000 elements replaces a
// 20-row list 1,000 times (as a framework's re-renders would), letting microtasks run after each
// (where mutation observers are called); the time of those 1,000 rounds, measured in the page,
// median of runs, for: no loader, the loader without the observer, the loader with it. Prints
// figures, asserts nothing.
// The pages and w.js are served by request interception: no collector is needed (the page has no
// marked elements until the end, when one is added and must be picked up).
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ROUNDS = 1000;
const loader = readFileSync(new URL("../dist/widget/w.js", import.meta.url));

const page = (tag: string) => `<!doctype html><html lang="en"><body>
<main>${"<section><h2>t</h2><p>text <a href='#'>link</a></p></section>".repeat(750)}</main><ul id="list"></ul>
${tag}
<script>
window.mutate = async () => {
  const list = document.getElementById("list");
  const start = performance.now();
  for (let round = 0; round < ${ROUNDS}; round++) {
    list.replaceChildren(...Array.from({ length: 20 }, (_, i) => {
      const li = document.createElement("li");
      li.innerHTML = "<span>row " + i + "</span> <b>" + round + "</b>";
      return li;
    }));
    await null; // mutation observers run here, before the next round
  }
  return performance.now() - start;
};
</script></body></html>`;

const variants = {
  "no loader": "",
  loader: `<script src="https://collector.test/w.js" data-site="site_bench" async></script>`,
};

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const results: Record<string, number[]> = {};
for (let run = 0; run < RUNS; run++) {
  for (const [name, tag] of Object.entries(variants)) {
    const context = await browser.newContext();
    await context.route("https://site.test/**", (r) => r.fulfill({ contentType: "text/html", body: page(tag) }));
    await context.route("https://collector.test/w.js", (r) =>
      r.fulfill({ contentType: "text/javascript", body: loader, headers: { "access-control-allow-origin": "*" } }),
    );
    await context.route("https://collector.test/f-*", (r) => r.abort());
    const tab = await context.newPage();
    await tab.goto("https://site.test/");
    await tab.waitForTimeout(300);
    const ms = await tab.evaluate(() => (window as unknown as { mutate: () => Promise<number> }).mutate());
    results[name] = [...(results[name] ?? []), ms];
    if (name === "loader") {
      // The observer must actually work: a form added now gets its reserved box.
      await tab.evaluate(() =>
        document.body.insertAdjacentHTML("beforeend", '<div id="late" data-hikiai-inquiry="demo"></div>'),
      );
      await tab.locator("#late [data-hikiai-form]").waitFor({ state: "attached", timeout: 5000 });
    }
    await context.close();
  }
}
await browser.close();
const base = median(results["no loader"] ?? []);
console.log(`${ROUNDS} list re-renders (20 rows each) on a 3,000-element page, median of ${RUNS} runs:`);
for (const [name, xs] of Object.entries(results)) {
  const ms = median(xs);
  const extra = ((ms - base) / ROUNDS) * 1000;
  console.log(
    `  ${name.padEnd(22)} ${ms.toFixed(0).padStart(5)} ms  (${extra >= 0 ? "+" : ""}${extra.toFixed(0)} µs per re-render vs no loader)`,
  );
}
