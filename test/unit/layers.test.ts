// The worker's layers point one way: worker/lib/ is a leaf of small helpers that anything may
// import, so it must not import the layers built on it (a helper that needs the database or a
// route's description belongs next to those). A middleware is a step of a route's chain and uses
// no other middleware: what several of them share (the client's address, the site, the session)
// is in worker/request/, which itself uses no middleware. Read from the files' import lines, so
// a new import that breaks the rule fails here rather than growing a cycle unnoticed.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

/** Every module specifier of a TypeScript source: static, type-only, side-effect and dynamic imports, re-exports. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)"([^"]+)"/g)) found.push(m[1] as string);
  return found;
}

/** The imports of the .ts files directly in `dir` that resolve into one of `forbidden` (folders under root). */
function violations(dir: string, forbidden: string[]): string[] {
  const files = readdirSync(join(root, dir)).filter((name) => name.endsWith(".ts"));
  return files.flatMap((name) => {
    const file = join(root, dir, name);
    return importsOf(readFileSync(file, "utf8"))
      .filter((spec) => spec.startsWith("."))
      .filter((spec) => {
        const target = relative(root, resolve(dirname(file), spec));
        return forbidden.some((folder) => target.startsWith(`${folder}/`));
      })
      .map((spec) => `${dir}/${name} imports ${spec}`);
  });
}

describe("layers", () => {
  it("reads every kind of import line", () => {
    const source = [
      'import { a } from "../db/a.ts";',
      'import type { B } from "../openapi/b.ts";',
      'import {\n  c,\n  d,\n} from "../routes/c.ts";',
      'export { e } from "../notify/e.ts";',
      'import "../mail/f.ts";',
      'const g = await import("../middleware/g.ts");',
    ].join("\n");
    expect(importsOf(source)).toEqual([
      "../db/a.ts",
      "../openapi/b.ts",
      "../routes/c.ts",
      "../notify/e.ts",
      "../mail/f.ts",
      "../middleware/g.ts",
    ]);
  });

  it("worker/lib/ imports none of the layers built on it", () => {
    const upper = ["db", "openapi", "present", "routes", "routing", "middleware", "notify", "mail"];
    expect(
      violations(
        "worker/lib",
        upper.map((folder) => `worker/${folder}`),
      ),
    ).toEqual([]);
  });

  it("no middleware imports another, and worker/request/ imports no middleware or route", () => {
    expect(violations("worker/middleware", ["worker/middleware"])).toEqual([]);
    expect(violations("worker/request", ["worker/middleware", "worker/routes"])).toEqual([]);
  });
});
