import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { EmailSchema } from "../../shared/schemas.ts";

// Inputs that make backtracking e-mail regexes blow up: long runs the pattern's repeated groups
// can split many ways, each failing only at the very end.
const adversarial: Record<string, (n: number) => string> = {
  "local part, no @": (n) => "a".repeat(n),
  "dotted local part, no @": (n) => "a.".repeat(n / 2),
  "dotted domain, bad end": (n) => `a@${"a.".repeat(n / 2 - 2)}1`,
  "hyphenated domain, no dot": (n) => `a@${"a-".repeat(n / 2 - 1)}`,
  "mixed symbols": (n) => `${"a+_'-".repeat(n / 5)}@`,
  "full-width (NFKC)": (n) => "ａ".repeat(n),
};

/** Cost per input character of one sample: the check repeated until it took at least 10 ms. */
function sampleCostPerChar(check: (s: string) => unknown, input: string) {
  let reps = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    check(input);
    reps++;
    elapsed = performance.now() - start;
  } while (elapsed < 10);
  return elapsed / (reps * input.length);
}

/**
 * The work per character at 10,000 characters over that at 1,000: ~1 when linear, ~10 when
 * quadratic. Samples of both sizes alternate and each size keeps its best of nine, so a burst of
 * load from other test files hits both sizes alike instead of inflating one.
 */
function growth(check: (s: string) => unknown, make: (n: number) => string) {
  const small = make(1_000);
  const large = make(10_000);
  let bestSmall = Number.POSITIVE_INFINITY;
  let bestLarge = Number.POSITIVE_INFINITY;
  for (let sample = 0; sample < 9; sample++) {
    bestSmall = Math.min(bestSmall, sampleCostPerChar(check, small));
    bestLarge = Math.min(bestLarge, sampleCostPerChar(check, large));
  }
  return bestLarge / bestSmall;
}

// A ratio within one run, not a wall-clock threshold: both sizes run on the same machine, under
// the same load, interleaved in time. Quadratic would be 10×; we allow 3× for noise.
describe("e-mail validation is linear-time", () => {
  it("the measure tells a quadratic check from a linear one", () => {
    // Unanchored, so the engine retries from each of the n positions and scans to the end.
    expect(
      growth(
        (s) => /a*b/.test(s),
        (n) => "a".repeat(n),
      ),
    ).toBeGreaterThan(5);
    expect(
      growth(
        (s) => s.indexOf("b"),
        (n) => "a".repeat(n),
      ),
    ).toBeLessThan(3);
  });

  it.each(Object.entries(adversarial))("EmailSchema on %s", (_, make) => {
    expect(z.safeParse(EmailSchema, make(10_000)).success).toBe(false);
    expect(growth((s) => z.safeParse(EmailSchema, s), make)).toBeLessThan(3);
  });

  // The schema caps the length (254) before the pattern runs; the pattern must be safe without it.
  it.each(Object.entries(adversarial))("zod's e-mail pattern alone on %s", (_, make) => {
    const pattern = z.core.regexes.email;
    expect(pattern.test(make(10_000))).toBe(false);
    expect(growth((s) => pattern.test(s), make)).toBeLessThan(3);
  });
});
