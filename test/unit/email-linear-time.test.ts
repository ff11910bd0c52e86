import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { LIMITS } from "../../shared/limits.ts";
import { EmailSchema } from "../../shared/schemas.ts";
import { ADVERSARIAL_EMAILS } from "./adversarial-emails.ts";

// No super-linear e-mail validation: the schema refuses an address over LIMITS.email characters
// before zod's pattern runs, so whatever the pattern costs, it costs it on at most 254
// characters. Proved here by watching the pattern, not a clock; `npm run bench:email` measures
// how the cost grows with the length (the pattern alone too).

/** The lengths of the strings zod's e-mail pattern was tested on while `run` ran. */
function patternInputLengths(run: () => void): number[] {
  const pattern = z.core.regexes.email;
  const lengths: number[] = [];
  const test = pattern.test;
  pattern.test = function (this: RegExp, input: string) {
    lengths.push(input.length);
    return test.call(this, input);
  };
  try {
    run();
  } finally {
    delete (pattern as { test?: unknown }).test;
  }
  return lengths;
}

describe("e-mail validation never runs its pattern on overlong input", () => {
  it("the pattern runs on an address within the limit (so the watch sees it)", () => {
    const atLimit = ADVERSARIAL_EMAILS["dotted domain, bad end"]!(LIMITS.email);
    expect(atLimit.length).toBeLessThanOrEqual(LIMITS.email);
    const lengths = patternInputLengths(() => {
      expect(z.safeParse(EmailSchema, "taro@example.jp").success).toBe(true);
      expect(z.safeParse(EmailSchema, atLimit).success).toBe(false);
    });
    expect(lengths).toEqual(["taro@example.jp".length, atLimit.length]);
  });

  it.each(Object.entries(ADVERSARIAL_EMAILS))("%s, 10,000 characters: refused by length alone", (_, make) => {
    const input = make(10_000);
    const lengths = patternInputLengths(() => {
      const result = z.safeParse(EmailSchema, input);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.code)).toEqual(["too_big"]);
    });
    expect(lengths).toEqual([]);
  });

  it("the limit is the longest address the standards allow", () => {
    expect(LIMITS.email).toBe(254);
  });
});
