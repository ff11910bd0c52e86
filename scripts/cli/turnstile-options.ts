// `sites set`'s Cloudflare Turnstile flags: a site key and its secret together, or off.
import type { SiteRecord } from "../../worker/db/sites.ts";
import { type Context, type OptionSpec, type OptionValues, str, UsageError } from "./command.ts";

export const TURNSTILE_OPTIONS: Record<string, OptionSpec> = {
  "turnstile-site-key": {
    type: "string",
    value: "KEY",
    help: "turn Cloudflare Turnstile on with this widget's public site key (with --turnstile-secret)",
  },
  "turnstile-secret": {
    type: "string",
    value: "SECRET",
    help: "the same widget's secret key, which verifies each token server-side",
  },
  "turnstile-off": { type: "boolean", help: "turn Turnstile off: submissions need no token again" },
};

// Cloudflare's keys: "0x4AAAAAAA…" (test keys start with 1x, 2x or 3x). Loose on purpose: the
// point is to catch a pasted URL, a quote or an empty value, not to second-guess Cloudflare.
const KEY_PATTERN = /^[0-9]x[A-Za-z0-9_-]{8,}$/;
const TEST_SECRETS = new Set([
  "1x0000000000000000000000000000000AA",
  "2x0000000000000000000000000000000AA",
  "3x0000000000000000000000000000000AA",
]);

/**
 * The Turnstile change the flags ask for: undefined (none), null (off) or the key pair; misuse
 * is a usage error naming the flag.
 */
export function turnstileArg(values: OptionValues): { siteKey: string; secret: string } | null | undefined {
  const siteKey = str(values, "turnstile-site-key")?.trim();
  const secret = str(values, "turnstile-secret")?.trim();
  if (values["turnstile-off"]) {
    if (siteKey !== undefined || secret !== undefined) {
      throw new UsageError("--turnstile-off cannot be combined with --turnstile-site-key or --turnstile-secret");
    }
    return null;
  }
  if (siteKey === undefined && secret === undefined) return undefined;
  if (siteKey === undefined || secret === undefined) {
    throw new UsageError(
      "--turnstile-site-key and --turnstile-secret go together (the widget renders with the key, the collector verifies with the secret)",
    );
  }
  for (const [flag, value] of [
    ["--turnstile-site-key", siteKey],
    ["--turnstile-secret", secret],
  ] as const) {
    if (!KEY_PATTERN.test(value)) {
      throw new UsageError(
        `${flag} "${value}" is not a Turnstile key (copy it from the Cloudflare dashboard, e.g. 0x4AAAAAAA…)`,
      );
    }
  }
  if (siteKey === secret) throw new UsageError("--turnstile-site-key and --turnstile-secret are the same value");
  return { siteKey, secret };
}

/** A site row's Turnstile public key, or null when it is off (the secret stays in the database). */
export const turnstileKeyOf = (site: Pick<SiteRecord, "turnstileSiteKey" | "turnstileSecret">) =>
  site.turnstileSiteKey && site.turnstileSecret ? site.turnstileSiteKey : null;

/** Says so when Cloudflare's test secret is set: every visitor's token passes (or fails) by design. */
export function warnIfTestSecret(ctx: Context, turnstile: { secret: string } | null | undefined) {
  if (turnstile && TEST_SECRETS.has(turnstile.secret)) {
    ctx.warn(
      `${turnstile.secret} is Cloudflare's test secret: tokens pass or fail by design, not by the visitor (use it for local tests only)`,
    );
  }
}
