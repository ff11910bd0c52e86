import type { Context } from "hono";
import { databaseFor } from "../db/handle.ts";
import type { AppEnv, Site } from "../env.ts";
import { allowListTakes } from "../lib/allow-list.ts";

/**
 * Sets the request's site and, with it, the database that holds the site's rows (`c.var.db`):
 * every middleware that resolves a site sets both here, so no route picks a database itself.
 */
export function useSite(c: Context<AppEnv>, site: Site): void {
  c.set("site", site);
  c.set("db", databaseFor(c.env, site.id));
}

/** Whether a browser on `origin` may post to `site`. No Origin header means not a browser. */
export function isOriginAllowed(site: Site, origin: string | undefined): boolean {
  return !origin || allowListTakes(site.allowedOrigins, origin);
}
