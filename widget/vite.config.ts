// Builds w.js: one minified IIFE, no CSS file (styles are a string injected into each shadow
// root), and prints the bytes a visitor downloads so every build shows the size budget.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = `${root}dist/widget`;
const { version } = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string };

/** Logs raw, gzip and brotli bytes of w.js after it is written. */
function reportSize(): Plugin {
  return {
    name: "hikiai-report-size",
    apply: "build",
    // writeBundle, not closeBundle: it runs only when w.js was actually written.
    writeBundle() {
      const code = readFileSync(`${outDir}/w.js`);
      const gzip = gzipSync(code, { level: 9 }).length;
      const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
      console.log(`\nw.js: ${code.length} B raw, ${gzip} B gzip, ${brotli} B brotli (budget 15360 B gzip)`);
    },
  };
}

export default defineConfig({
  root,
  publicDir: false,
  logLevel: "warn",
  define: { __HIKIAI_VERSION__: JSON.stringify(version) },
  build: {
    outDir,
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: `${root}widget/index.ts`,
      formats: ["iife"],
      // Required by Vite for IIFE; the entry exports nothing, so no global of this name is made.
      name: "hikiaiWidget",
      fileName: () => "w.js",
    },
  },
  plugins: [reportSize()],
});
