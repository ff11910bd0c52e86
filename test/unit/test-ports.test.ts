// The fixed ports of the test files that start servers (browser files, some scripts files) must
// differ from file to file: vitest runs two such files at once, and a port two files name fails
// the one that starts second ("Address already in use"), or worse, sends its requests to the
// other file's stack. A file names each port as a literal: `worker: 8791` and `demo: 5181`
// (useProduct, a stack's ports), `port: 5221`, or `5184 + offset`.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const PORT = /\b(?:worker|demo|port):\s*(\d{4,5})\b|\b(\d{4,5})\s*\+\s*offset\b/g;
/** `npm start`'s ports (scripts/dev.ts): a test run beside it must not take them. */
const NPM_START = [8786, 8787, 8788, 8789, 5173];

/** Every fixed port a source file names, by port. */
function portsOf(source: string): number[] {
  return [...source.matchAll(PORT)].map((m) => Number(m[1] ?? m[2]));
}

/** The files that name each port, for the ports more than one file (or `npm start`) names. */
function sharedPorts(files: Record<string, string>): Record<number, string[]> {
  const owners = new Map<number, Set<string>>(NPM_START.map((port) => [port, new Set(["npm start"])]));
  for (const [file, source] of Object.entries(files))
    for (const port of portsOf(source)) owners.set(port, (owners.get(port) ?? new Set()).add(file));
  return Object.fromEntries(
    [...owners].filter(([, names]) => names.size > 1).map(([port, names]) => [port, [...names]]),
  );
}

const testFiles = ["test/browser", "test/scripts"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(root, dir, name)),
);
const sources = Object.fromEntries(testFiles.map((path) => [relative(root, path), readFileSync(path, "utf8")]));

it("every browser file names its ports, and no two files (nor npm start) name the same port", () => {
  const browserFiles = Object.keys(sources).filter((f) => f.startsWith("test/browser/") && f.endsWith(".test.ts"));
  const withoutPorts = browserFiles.filter(
    (f) => sources[f]!.includes("useProduct(") && portsOf(sources[f]!).length < 2,
  );
  expect(withoutPorts).toEqual([]);
  expect(sharedPorts(sources)).toEqual({});
});

it("finds a port two files share, in each way a file names one", () => {
  expect(portsOf("useProduct({ worker: 8791, demo: 5181 }); x = 5184 + offset; { port: 5221 }")).toEqual([
    8791, 5181, 5184, 5221,
  ]);
  expect(
    sharedPorts({
      "a.test.ts": "useProduct({ worker: 8791, demo: 5181 })",
      "b.test.ts": "useProduct({ worker: 8792, demo: 5182 }); const extra = 5181 + offset;",
      "c.test.ts": "const ports = { worker: 8787 + offset };",
    }),
  ).toEqual({ 5181: ["a.test.ts", "b.test.ts"], 8787: ["npm start", "c.test.ts"] });
});
