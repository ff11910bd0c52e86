// The README is what a newcomer reads first, and ARCHITECTURE what a contributor reads next: both
// stay short enough to read in minutes (the rest goes to docs/), and the README's first screen
// holds what a newcomer came for: the embed snippet as the docs recommend it, and the two
// commands that run everything locally.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

/** About what a laptop's browser shows of a rendered README before the first scroll. */
const FIRST_SCREEN_LINES = 50;

describe("the entry documents", () => {
  it("README.md is at most 15 KB and ARCHITECTURE.md at most 12 KB", () => {
    expect(Buffer.byteLength(read("README.md"))).toBeLessThanOrEqual(15 * 1024);
    expect(Buffer.byteLength(read("ARCHITECTURE.md"))).toBeLessThanOrEqual(12 * 1024);
  });

  it("the README's first screen has the recommended embed tag and the two commands", () => {
    const firstScreen = read("README.md").split("\n").slice(0, FIRST_SCREEN_LINES);
    const tag = firstScreen.find((line) => line.startsWith("<script src="));
    expect(tag).toMatch(/data-site="[^"]+"/);
    expect(tag).toMatch(/data-privacy-url="[^"]+"/);
    expect(tag).toMatch(/ async blocking="render"/);
    expect(firstScreen).toContain("npm ci");
    expect(firstScreen).toContain("npm start");
  });
});
