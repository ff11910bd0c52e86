// Builds the widget in steps, because a classic script from another origin cannot use
// Vite's default code splitting (import.meta, relative import(), shared chunks all fail there):
//   1. the Turnstile chunk as lib ES, t-<content hash>.js (only sites that use Turnstile load it),
//      and the form analytics chunk, a-<content hash>.js (only pages that count form analytics);
//   2. the Preact forms chunk as lib ES, fully minified, named f-<content hash>.js, with the
//      Turnstile and analytics chunks' names defined in (`__HIKIAI_TURNSTILE__`,
//      `__HIKIAI_ANALYTICS__`, imported relative to itself);
//   3. the loader w.js as lib IIFE, with the forms chunk's name defined in (`__HIKIAI_CHUNK__`).
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
export const BUDGETS = { loader: 3 * 1024, forms: 19 * 1024, turnstile: 1536, analytics: 1024 };

const shared = {
  root,
  publicDir: false,
  logLevel: "warn",
  define: { __HIKIAI_VERSION__: JSON.stringify(version) },
  // Classic JSX: h() and Fragment come from Preact's core, which render() needs anyway, and are
  // imported where JSX uses them (`inject` below); the automatic runtime adds a module of its own.
  oxc: { jsx: { runtime: "classic", pragma: "h", pragmaFrag: "Fragment" } },
  // lightningcss minifies the inlined stylesheet for the browsers the widget supports.
  css: {
    transformer: "lightningcss",
    lightningcss: { targets: { chrome: 111 << 16, safari: 16 << 16, firefox: 113 << 16 } },
  },
} satisfies InlineConfig;

/**
 * Members of zod's schema classes that the forms chunk never calls, by file: the chunk builds its
 * schemas with `check` and validates with `safeParse` (widget/forms/form-spec.ts), nothing else.
 * zod declares each class's members in one object literal installed on its prototype, so no
 * bundler can drop the unused ones; every visitor would download them (parse, the async parses
 * and their error paths, Standard Schema's validate). Each member is cut from zod's source as
 * it is read for this chunk only; the worker and the app keep zod whole. A member no longer
 * found (a newer zod) fails the build, so the list is mended rather than silently outgrown.
 */
const UNCALLED_ZOD_MEMBERS: Record<string, string[]> = {
  "zod/v4/mini/schemas.js": ["with", "parse", "parseAsync", "safeParseAsync", "brand", "register", "apply"],
  "zod/v4/core/schemas.js": ['"~standard"'],
};

function dropUncalledZodMembers(): Plugin {
  return {
    name: "hikiai-drop-uncalled-zod-members",
    transform(code, id) {
      const found = Object.entries(UNCALLED_ZOD_MEMBERS).find(([f]) => id.replaceAll("\\", "/").endsWith(`/${f}`));
      if (!found) return null;
      const [file, members] = found;
      for (const member of members) {
        // The member's getter, setter or method, at the class members' indentation, to its closing brace.
        const definition = new RegExp(`^ {4}(?:get |set )?${member}\\(.*\\) \\{\\n[\\s\\S]*?^ {4}\\},\\n`, "gm");
        const before = code.length;
        code = code.replace(definition, "");
        if (code.length === before) throw new Error(`widget build: zod's ${file} has no member ${member} to drop`);
      }
      return { code, map: null };
    },
  };
}

/** Builds one ES module chunk from `entry`; returns its code and its name, <prefix>-<hash>.js. */
async function buildChunk(entry: string, prefix: string, define: Record<string, string> = {}) {
  const tmp = `${root}dist/.${prefix}`;
  await build({
    ...shared,
    configFile: false,
    plugins: prefix === "f" ? [dropUncalledZodMembers()] : [],
    define: { ...shared.define, ...define },
    build: {
      outDir: tmp,
      emptyOutDir: true,
      // Lib builds keep whitespace and /*#__PURE__*/ comments unless told otherwise. The forms
      // chunk also goes through terser first (its passes find more than the output minifier
      // alone); only its safe transforms: the chunk bundles Preact and zod.
      minify: prefix === "f" ? "terser" : true,
      terserOptions: { ecma: 2020, module: true, compress: { passes: 3 }, format: { comments: false } },
      cssMinify: "lightningcss",
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry: `${root}${entry}`, formats: ["es"], fileName: () => "chunk.js" },
      rolldownOptions: {
        // As for the loader (below): terser's passes are most of the forms chunk's build.
        checks: { bundlerTimings: false },
        // Imports h and Fragment into each module whose JSX uses them (see `oxc` above).
        transform: { inject: { h: ["preact", "h"], Fragment: ["preact", "Fragment"] } },
        output: { minify: true, comments: false },
      },
    },
  });
  // Otherwise the forms chunk's first form render runs its lazily compiled code cold, in one task.
  // Chromium's per-file compile hint makes V8 compile every function of the chunk eagerly while
  // it streams the file, off the main thread.
  const hint = prefix === "f" ? "//# allFunctionsCalledOnLoad\n" : "";
  const code = Buffer.concat([Buffer.from(hint), readFileSync(`${tmp}/chunk.js`)]);
  rmSync(tmp, { recursive: true, force: true });
  return { code, name: `${prefix}-${createHash("sha256").update(code).digest("hex").slice(0, 12)}.js` };
}

/** Builds the Turnstile, analytics and forms chunks into outDir (removing older ones); returns their names. */
async function buildForms(): Promise<{ forms: string; turnstile: string; analytics: string }> {
  const turnstile = await buildChunk("widget/turnstile/index.ts", "t");
  const analytics = await buildChunk("widget/analytics/index.ts", "a");
  const forms = await buildChunk("widget/forms/index.tsx", "f", {
    __HIKIAI_TURNSTILE__: JSON.stringify(turnstile.name),
    __HIKIAI_ANALYTICS__: JSON.stringify(analytics.name),
  });
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const chunk of [turnstile, analytics, forms]) writeFileSync(`${outDir}/${chunk.name}`, chunk.code);
  return { forms: forms.name, turnstile: turnstile.name, analytics: analytics.name };
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

/** Builds the chunks before the loader, and logs every size once w.js is written. */
function formsChunk(): Plugin {
  let chunks = { forms: "", turnstile: "", analytics: "" };
  return {
    name: "hikiai-forms-chunk",
    apply: "build",
    async config() {
      chunks = await buildForms();
      return { define: { __HIKIAI_CHUNK__: JSON.stringify(chunks.forms) } };
    },
    // writeBundle, not closeBundle: it runs only when w.js was actually written.
    writeBundle() {
      for (const [label, file, budget] of [
        ["w.js (loader)", "w.js", BUDGETS.loader],
        [`${chunks.forms} (forms)`, chunks.forms, BUDGETS.forms],
        [`${chunks.turnstile} (Turnstile, only for sites that use it)`, chunks.turnstile, BUDGETS.turnstile],
        [`${chunks.analytics} (form analytics, only where counted)`, chunks.analytics, BUDGETS.analytics],
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
    // terser with top-level mangling and three passes: fewer gzip bytes than oxc's minifier on the
    // loader, which every page of a site downloads.
    minify: "terser",
    terserOptions: {
      ecma: 2020,
      toplevel: true,
      compress: { passes: 3, unsafe: true, unsafe_arrows: true, pure_getters: true },
      format: { comments: false },
    },
    sourcemap: false,
    reportCompressedSize: false,
    // terser's passes are most of this build by design (above): rolldown's warning that a plugin
    // takes most of the time would print on every build and `npm start` on a slow machine.
    rolldownOptions: { checks: { bundlerTimings: false } },
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

/** The Turnstile chunk currently in dist/widget. */
export const builtTurnstileChunk = () => readdirSync(outDir).find((f) => /^t-[0-9a-f]+\.js$/.test(f));
