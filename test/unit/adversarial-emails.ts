/**
 * Inputs that make backtracking e-mail patterns blow up, by length: long runs the pattern's
 * repeated groups can split many ways, each failing only at the very end.
 */
export const ADVERSARIAL_EMAILS: Record<string, (n: number) => string> = {
  "local part, no @": (n) => "a".repeat(n),
  "dotted local part, no @": (n) => "a.".repeat(n / 2),
  "dotted domain, bad end": (n) => `a@${"a.".repeat(n / 2 - 2)}1`,
  "hyphenated domain, no dot": (n) => `a@${"a-".repeat(n / 2 - 1)}`,
  "mixed symbols": (n) => `${"a+_'-".repeat(n / 5)}@`,
  "full-width (NFKC)": (n) => "ａ".repeat(n),
};
