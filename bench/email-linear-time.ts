// npm run bench:email: how the cost of checking an e-mail address grows with its length, on the
// inputs that make backtracking e-mail patterns blow up. Prints, per input, the work per character
// at 10,000 characters over that at 1,000: ~1 when linear, ~10 when quadratic. The schema refuses
// anything over LIMITS.email before its pattern runs (test/unit/email-linear-time.test.ts proves
// that without a clock); this measures the pattern alone too, which must be safe without the cap.
import { performance } from "node:perf_hooks";
import * as z from "zod/mini";
import { EmailSchema } from "../shared/schemas.ts";
import { ADVERSARIAL_EMAILS } from "../test/unit/adversarial-emails.ts";

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

/** Best of nine interleaved samples of each size, so a burst of load hits both sizes alike. */
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

const rows: Record<string, unknown>[] = [
  // The measure itself: a quadratic check (unanchored, retried from each position) and a linear one.
  {
    input: "reference: /a*b/ on a…a (quadratic)",
    growth: growth(
      (s) => /a*b/.test(s),
      (n) => "a".repeat(n),
    ),
  },
  {
    input: "reference: indexOf on a…a (linear)",
    growth: growth(
      (s) => s.indexOf("b"),
      (n) => "a".repeat(n),
    ),
  },
];
for (const [name, make] of Object.entries(ADVERSARIAL_EMAILS)) {
  rows.push({ input: `EmailSchema, ${name}`, growth: growth((s) => z.safeParse(EmailSchema, s), make) });
  rows.push({ input: `zod's pattern alone, ${name}`, growth: growth((s) => z.core.regexes.email.test(s), make) });
}
console.table(rows.map((r) => ({ ...r, growth: (r.growth as number).toFixed(2) })));
