import { insertApiKey } from "../worker/db/api-keys.ts";
import { createSite, findSiteByKey } from "../worker/db/sites.ts";
import { hashApiKey, newApiKey, newSiteKey } from "../worker/lib/keys.ts";

export interface Provisioned {
  siteKey: string;
  /** The secret; only its hash is stored, so this is the one chance to show it. */
  apiKey: string;
  created: boolean;
}

/**
 * Creates a site (or, given the key of an existing one, reuses it) and a new API key for it.
 * Goes through the worker's own data-access module, so the SQL stays in one place.
 */
export async function provisionSite(
  db: D1Database,
  options: { name: string; origins: string[]; siteKey?: string; label?: string },
): Promise<Provisioned> {
  const siteKey = options.siteKey ?? newSiteKey();
  const existing = await findSiteByKey(db, siteKey);
  const siteId =
    existing?.id ?? (await createSite(db, { siteKey, name: options.name, allowedOrigins: options.origins }));
  const apiKey = newApiKey();
  await insertApiKey(db, { siteId, keyHash: await hashApiKey(apiKey), name: options.label ?? "cli", scope: "read" });
  return { siteKey, apiKey, created: !existing };
}
