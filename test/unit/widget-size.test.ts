import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

// The budget for what a visitor downloads. Run the build first:
// node_modules/.bin/vite build --config widget/vite.config.ts
const BUDGET_GZIP_BYTES = 15 * 1024;
const file = new URL("../../dist/widget/w.js", import.meta.url);

describe("dist/widget/w.js", () => {
  it(`is at most ${BUDGET_GZIP_BYTES} bytes gzip`, () => {
    if (!existsSync(file)) {
      throw new Error(
        "dist/widget/w.js is missing: build it with `vite build --config widget/vite.config.ts` before the tests",
      );
    }
    const code = readFileSync(file);
    // A placeholder or an empty file would pass the budget without proving anything.
    expect(code.includes("hikiai:outbox:v1"), "dist/widget/w.js is not a widget build").toBe(true);
    const gzip = gzipSync(code, { level: 9 }).length;
    expect(gzip, `w.js is ${gzip} B gzip, over the ${BUDGET_GZIP_BYTES} B budget`).toBeLessThanOrEqual(
      BUDGET_GZIP_BYTES,
    );
  });
});
