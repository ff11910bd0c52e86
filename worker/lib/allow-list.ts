// A site's allow-list is the origins its forms may post from, stored in the browser's Origin form
// (scripts/cli/origins.ts) so that an origin is allowed by plain string equality. Every place that
// asks "is this origin one of the site's" asks it here, so the rule cannot differ between them.

/**
 * Whether the allow-list `allowed` takes `origin`: listed as it is, or the list holds "*" (any origin).
 * @example allowListTakes(["https://acme.example"], "https://acme.example") // true
 */
export function allowListTakes(allowed: readonly string[], origin: string): boolean {
  return allowed.includes("*") || allowed.includes(origin);
}
