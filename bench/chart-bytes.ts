// npm run bench:chart: the KPI view's own SVG chart (app/views/kpi/chart.tsx + chart-geometry.ts,
// minified as Vite builds the view, Preact left out: the dashboard has it already) next to uPlot,
// the chart library it was weighed against (its package fetched with `npm pack` into a temporary
// folder at run time, so the repository does not depend on it).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const ROOT = join(import.meta.dirname, "..");
const gzip = (code: Buffer | string) => gzipSync(code, { level: 9 }).length;
const tmp = mkdtempSync(join(tmpdir(), "hikiai-chart-"));

try {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: "warn",
    oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
    build: {
      outDir: join(tmp, "ours"),
      emptyOutDir: true,
      minify: true,
      lib: { entry: join(ROOT, "app/views/kpi/chart.tsx"), formats: ["es"], fileName: () => "chart.js" },
      rolldownOptions: { external: [/^preact/], output: { minify: true, comments: false } },
    },
  });
  const ours = readFileSync(join(tmp, "ours/chart.js"));
  // The chart's rules of the view's stylesheet (.chart-*, legend), as written.
  const css = readFileSync(join(ROOT, "app/views/kpi/kpi.css"), "utf8");
  const chartCss = css.slice(css.indexOf(".chart-plot"), css.indexOf(".kpi-figures"));

  execFileSync("npm", ["pack", "uplot", "--silent", "--pack-destination", tmp], { cwd: tmp, stdio: "pipe" });
  execFileSync("sh", ["-c", "tar xzf uplot-*.tgz"], { cwd: tmp });
  const { version } = JSON.parse(readFileSync(join(tmp, "package/package.json"), "utf8")) as { version: string };
  const uplotJs = readFileSync(join(tmp, "package/dist/uPlot.iife.min.js"));
  const uplotCss = readFileSync(join(tmp, "package/dist/uPlot.min.css"));

  const row = (name: string, js: Buffer, style: Buffer | string) =>
    `| ${name.padEnd(34)} | ${String(js.length).padStart(7)} | ${String(gzip(js)).padStart(6)} | ${String(gzip(style)).padStart(7)} |`;
  console.log("| chart code                         |  JS raw | JS gz  |  CSS gz |");
  console.log("|------------------------------------|---------|--------|---------|");
  console.log(row("ours (chart.tsx + chart-geometry)", ours, chartCss));
  console.log(row(`uplot@${version} uPlot.iife.min.js`, uplotJs, uplotCss));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
