// Builds the widget in two steps, because a classic script from another origin cannot use
// Vite's default code splitting (import.meta, relative import(), shared chunks all fail there):
//   1. the Preact forms chunk as lib ES, fully minified, named f-<content hash>.js;
//   2. the loader w.js as lib IIFE, with that file name defined in (`__HIKIAI_CHUNK__`).
// Prints the bytes a visitor downloads after every build.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { InlineConfig, Plugin } from "vite";
import { build, defineConfig } from "vite";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = `${root}dist/widget`;
const { version } = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string };

/** Budgets in gzip bytes, asserted by test/unit/widget-size.test.ts. */
export const BUDGETS = { loader: 3 * 1024, forms: 19 * 1024 };

const shared = {
  root,
  publicDir: false,
  logLevel: "warn",
  define: { __HIKIAI_VERSION__: JSON.stringify(version) },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  // lightningcss minifies the inlined stylesheet for the browsers the widget supports.
  css: {
    transformer: "lightningcss",
    lightningcss: { targets: { chrome: 111 << 16, safari: 16 << 16, firefox: 113 << 16 } },
  },
} satisfies InlineConfig;

/** Builds the forms chunk into outDir as f-<hash>.js (removing older ones); returns its name. */
async function buildForms(): Promise<string> {
  const tmp = `${root}dist/.forms`;
  await build({
    ...shared,
    configFile: false,
    build: {
      outDir: tmp,
      emptyOutDir: true,
      // Lib builds keep whitespace and /*#__PURE__*/ comments unless told otherwise (+2.4 KB gzip).
      minify: true,
      cssMinify: "lightningcss",
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry: `${root}widget/forms/index.tsx`, formats: ["es"], fileName: () => "forms.js" },
      rolldownOptions: { output: { minify: true, comments: false } },
    },
  });
  const code = readFileSync(`${tmp}/forms.js`);
  const name = `f-${createHash("sha256").update(code).digest("hex").slice(0, 12)}.js`;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outDir}/${name}`, code);
  rmSync(tmp, { recursive: true, force: true });
  return name;
}

/** gzip -9 and brotli 11 bytes of a built file. */
export function sizes(file: string) {
  const code = readFileSync(file);
  return {
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Builds the chunk before the loader, and logs both sizes once w.js is written. */
function formsChunk(): Plugin {
  let chunk = "";
  return {
    name: "hikiai-forms-chunk",
    apply: "build",
    async config() {
      chunk = await buildForms();
      return { define: { __HIKIAI_CHUNK__: JSON.stringify(chunk) } };
    },
    // writeBundle, not closeBundle: it runs only when w.js was actually written.
    writeBundle() {
      for (const [label, file, budget] of [
        ["w.js (loader)", "w.js", BUDGETS.loader],
        [`${chunk} (forms)`, chunk, BUDGETS.forms],
      ] as const) {
        const s = sizes(`${outDir}/${file}`);
        console.log(`${label}: ${s.raw} B raw, ${s.gzip} B gzip, ${s.brotli} B brotli (budget ${budget} B gzip)`);
      }
    },
  };
}

export default defineConfig({
  ...shared,
  build: {
    outDir,
    emptyOutDir: false,
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: `${root}widget/loader/index.ts`,
      formats: ["iife"],
      // Required by Vite for IIFE; the entry exports nothing, so no global of this name is made.
      name: "hikiaiWidget",
      fileName: () => "w.js",
    },
  },
  plugins: [formsChunk()],
});

/** The chunk file currently in dist/widget (tests and benches read it). */
export const builtChunk = () => readdirSync(outDir).find((f) => /^f-[0-9a-f]+\.js$/.test(f));
