// Builds the dashboard (app/) into dist/app/: index.html plus hashed assets under /app/assets/.
// The inbox is in the entry chunk (it is the default view); every other view is a dynamic
// import, so it loads when first opened. Prints the first load's bytes after every build.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { firstLoadFiles, gzipBytes } from "./budget.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = `${root}dist/app`;

/** Gzip budget of the first load of /app (HTML, JS and CSS before any lazy view), asserted in test/unit/app-size.test.ts. */
export const APP_BUDGET = 60 * 1024;

function reportSize(): Plugin {
  return {
    name: "hikiai-app-size",
    apply: "build",
    closeBundle() {
      const files = firstLoadFiles(outDir);
      const total = files.reduce((sum, f) => sum + gzipBytes(readFileSync(`${outDir}/${f}`)), 0);
      console.log(`app first load: ${files.length} files, ${total} B gzip (budget ${APP_BUDGET} B)`);
    },
  };
}

export default defineConfig({
  root: `${root}app`,
  base: "/app/",
  publicDir: false,
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  css: { transformer: "lightningcss" },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    reportCompressedSize: false,
    cssMinify: "lightningcss",
    // Chromium, Safari and Firefox of the last two years: no legacy syntax transforms.
    target: "es2022",
  },
  plugins: [reportSize()],
});
