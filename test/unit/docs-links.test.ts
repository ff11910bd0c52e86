// Every relative link in the project's documents must lead somewhere: a file that exists and,
// for a #fragment, a heading of that file (GitHub's anchor rule), so moving a section or renaming
// a file cannot leave a reader at a dead end.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { anchorsOf, linksOf } from "./markdown-links.ts";

const root = resolve(import.meta.dirname, "../..");

function markdownUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownUnder(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

const documents = [
  join(root, "README.md"),
  join(root, "ARCHITECTURE.md"),
  join(root, "bench/README.md"),
  ...(existsSync(join(root, "docs")) ? markdownUnder(join(root, "docs")) : []),
].filter((path) => existsSync(path));

/** What is wrong with one link of `from`, or undefined when it resolves. */
function brokenReason(from: string, target: string): string | undefined {
  const [pathPart, fragment] = target.split("#", 2) as [string, string | undefined];
  const file = pathPart === "" ? from : resolve(dirname(from), decodeURI(pathPart));
  if (!existsSync(file)) return `${relative(root, file)} does not exist`;
  if (fragment === undefined || fragment === "") return undefined;
  if (statSync(file).isDirectory() || !file.endsWith(".md")) return `#${fragment} points into a non-Markdown file`;
  const anchors = anchorsOf(readFileSync(file, "utf8"));
  return anchors.has(decodeURIComponent(fragment)) ? undefined : `${relative(root, file)} has no heading #${fragment}`;
}

describe("relative links in the documents", () => {
  it("finds the documents to check", () => {
    expect(documents.map((path) => relative(root, path))).toEqual(
      expect.arrayContaining(["README.md", "ARCHITECTURE.md", "bench/README.md"]),
    );
  });

  it.each(documents.map((path) => [relative(root, path), path]))("%s: every relative link resolves", (_, path) => {
    const broken = linksOf(readFileSync(path, "utf8"))
      .filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link.target))
      .flatMap((link) => {
        const reason = brokenReason(path, link.target);
        return reason ? [`line ${link.line}: (${link.target}) ${reason}`] : [];
      });
    expect(broken).toEqual([]);
  });
});

describe("code fences in the documents", () => {
  it.each(documents.map((path) => [relative(root, path), path]))("%s: every fence is three backticks", (_, path) => {
    // A longer fence is closed only by one as long, so a stray one swallows the rest of the page.
    const long = readFileSync(path, "utf8")
      .split("\n")
      .flatMap((line, index) => (/^\s{0,3}`{4,}/.test(line) ? [`line ${index + 1}: ${line}`] : []));
    expect(long).toEqual([]);
  });
});

describe("the link reader", () => {
  it("makes GitHub's anchors, numbering repeated headings", () => {
    const anchors = anchorsOf("# A\n## `GET /v1/openapi.json` (the API, described)\n## Set up\n## Set up\n");
    expect([...anchors]).toEqual(["a", "get-v1openapijson-the-api-described", "set-up", "set-up-1"]);
  });

  it("reads links outside code only, and a fence closes only with its own length", () => {
    const markdown = '[a](a.md) `[b](b.md)`\n````\n```\n[c](c.md)\n````\n![d](img/d.png "title")\n';
    expect(linksOf(markdown)).toEqual([
      { target: "a.md", line: 1 },
      { target: "img/d.png", line: 6 },
    ]);
  });
});
