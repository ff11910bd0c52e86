import { findSiteRecord, type SiteRecord } from "../../worker/db/sites.ts";
import { type Context, INVOCATION, UsageError } from "./command.ts";
import { normaliseOrigin, OriginError } from "./origins.ts";

/** The `--site` option every command on an existing site takes. */
export const SITE_OPTION = {
  type: "string",
  required: true,
  value: "SITE_KEY",
  help: "the site's public key (site_…), as in its script tag",
} as const;

/** The site named by `--site`; an unknown key is an error, never a new site. */
export async function requireSite(ctx: Context, siteKey: string): Promise<SiteRecord> {
  const site = await findSiteRecord(await ctx.db(), siteKey);
  if (!site) {
    throw new UsageError(
      `no site has the key "${siteKey}"${ctx.remote ? " in the deployed database" : ""} (see: ${INVOCATION} sites list)`,
    );
  }
  return site;
}

/** Normalised, de-duplicated origins; the first bad one is a usage error naming it. */
export function originsArg(inputs: string[]): string[] {
  try {
    return [...new Set(inputs.map(normaliseOrigin))];
  } catch (err) {
    if (err instanceof OriginError) throw new UsageError(`--origin ${err.message}`);
    throw err;
  }
}

/** A site that no browser may post to is almost always a mistake: say so, and how to fix it. */
export function warnIfNoOrigins(ctx: Context, siteKey: string, origins: string[]) {
  if (origins.length === 0) {
    ctx.warn(
      `site ${siteKey} has no allowed origins: browsers cannot submit to it until you add one ` +
        `(${INVOCATION} origins add --site ${siteKey} --origin https://www.example.com)`,
    );
  }
}
