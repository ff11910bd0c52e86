import { existsSync, readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BUDGETS } from "../../widget/vite.config.ts";

// What a visitor downloads, as built (`npm run build`): w.js on every page, the forms chunk
// when a form is about to be needed.
const dir = new URL("../../dist/widget/", import.meta.url);

function built(name: string | undefined, what: string): Buffer {
  if (!name || !existsSync(new URL(name, dir))) {
    throw new Error(`dist/widget has no ${what}: run \`npm run build\` before the tests`);
  }
  return readFileSync(new URL(name, dir));
}
const loader = () => built("w.js", "w.js");
const chunkName = () => readdirSync(dir).find((f) => /^f-[0-9a-f]+\.js$/.test(f));
const chunk = () => built(chunkName(), "forms chunk (f-*.js)");
const turnstileName = () => readdirSync(dir).find((f) => /^t-[0-9a-f]+\.js$/.test(f));
const turnstile = () => built(turnstileName(), "Turnstile chunk (t-*.js)");
const analyticsName = () => readdirSync(dir).find((f) => /^a-[0-9a-f]+\.js$/.test(f));
const analytics = () => built(analyticsName(), "form analytics chunk (a-*.js)");
const gzip = (code: Buffer) => gzipSync(code, { level: 9 }).length;

describe("budgets", () => {
  it(`the loader w.js is at most ${BUDGETS.loader} B gzip`, () => {
    const code = loader();
    // A placeholder or an empty file would pass the budget without proving anything.
    expect(code.includes("hikiai:outbox:v2:"), "w.js is not a loader build").toBe(true);
    expect(gzip(code)).toBeLessThanOrEqual(BUDGETS.loader);
  });

  it(`the forms chunk is at most ${BUDGETS.forms} B gzip`, () => {
    const code = chunk();
    expect(code.includes("data-hikiai-state"), "f-*.js is not a forms build").toBe(true);
    expect(gzip(code)).toBeLessThanOrEqual(BUDGETS.forms);
  });

  it(`the Turnstile chunk (only for sites that use it) is at most ${BUDGETS.turnstile} B gzip`, () => {
    const code = turnstile();
    expect(code.includes("interaction-only"), "t-*.js is not a Turnstile build").toBe(true);
    expect(gzip(code)).toBeLessThanOrEqual(BUDGETS.turnstile);
  });

  it(`the form analytics chunk (only where counted) is at most ${BUDGETS.analytics} B gzip, imported by its built name`, () => {
    const code = analytics();
    expect(code.includes("/v1/form-events"), "a-*.js is not an analytics build").toBe(true);
    expect(gzip(code)).toBeLessThanOrEqual(BUDGETS.analytics);
    expect(chunk().toString("utf8")).toContain(analyticsName());
  });
});

describe("guards: what a classic cross-origin script and two separate builds need", () => {
  it("w.js is a classic script: no import.meta, no top-level import or export", () => {
    const code = loader().toString("utf8");
    expect(code).not.toContain("import.meta");
    expect(code).not.toMatch(/^\s*(import|export)[\s{*]/m);
    expect(code).not.toMatch(/[;}]\s*(import|export)\s*[{*\w]/);
    // …and it imports the chunk by the name the build gave it.
    expect(code).toContain(chunkName());
  });

  it("only the Turnstile chunk knows Turnstile: the forms chunk imports it by the name the build gave it", () => {
    const forms = chunk().toString("utf8");
    expect(forms).toContain(turnstileName());
    // Cloudflare's script URL comes from the collector's answer (GET /v1/widget-config), and the
    // render calls are in t-*.js: a site without Turnstile downloads none of it.
    for (const code of [loader().toString("utf8"), forms]) {
      expect(code).not.toContain("challenges.cloudflare.com");
      expect(code).not.toContain("interaction-only");
    }
    expect(turnstile().toString("utf8")).not.toContain("/v1/collect");
  });

  it("the chunk has no outbox: submissions go through the loader's", () => {
    const code = chunk().toString("utf8");
    expect(code).not.toContain("hikiai:outbox");
    expect(code).not.toContain("localStorage");
    expect(code).not.toContain("/v1/collect");
  });

  it("the chunk carries none of zod's schema members it never calls (widget/vite.config.ts drops them)", () => {
    const code = chunk().toString("utf8");
    // Standard Schema's validate and the async parse: kept by zod's prototype member lists unless dropped.
    expect(code).not.toContain("~standard");
    expect(code).not.toContain("safeParseAsync");
  });

  it("the chunk is fully minified: no /*#__PURE__*/ comments, no indented lines", () => {
    const code = chunk().toString("utf8");
    expect(code).not.toContain("__PURE__");
    expect(code).not.toMatch(/\n {2}/);
  });
});
