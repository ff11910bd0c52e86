// The demo site that `npm start` serves: its origins follow the demo page's port on every start,
// and its API key is made once and reused, so a developer's curl keeps working across runs and
// the local D1 does not collect one more live key per start.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { findActiveKey, insertApiKey } from "../worker/db/api-keys.ts";
import { addSiteMember } from "../worker/db/members.ts";
import { createSite, findSiteRecord, updateSite } from "../worker/db/sites.ts";
import { hashApiKey, newApiKey } from "../worker/lib/keys.ts";

/** The demo site's public key: fixed, so the demo page and bookmarks keep working across runs. */
export const DEMO_SITE_KEY = "site_demo";

/** The demo site's admin, who signs in to the dashboard with the link `npm start` prints. */
export const DEMO_MEMBER = { email: "demo@hikiai.example", name: "Demo", role: "admin" } as const;

/** The origins the demo page is served from on `demoPort` (both ways to write localhost). */
export const demoOrigins = (demoPort: number) => [`http://localhost:${demoPort}`, `http://127.0.0.1:${demoPort}`];

export interface DemoSite {
  siteKey: string;
  /** The demo API key's secret (scope `write`), as kept in `secretFile`. */
  apiKey: string;
  /** False when the key from an earlier run was reused. */
  keyCreated: boolean;
}

/**
 * Makes sure the demo site exists with exactly the origins of `demoPort` and its admin member
 * (DEMO_MEMBER), and returns its API
 * key: the one kept in `secretFile` (a gitignored file under .wrangler/state) while its hash is
 * still an unrevoked write key of the demo site, else a new one, which replaces the file.
 */
export async function provisionDemoSite(
  db: D1Database,
  options: { demoPort: number; secretFile: string },
): Promise<DemoSite> {
  const origins = demoOrigins(options.demoPort);
  const site = await findSiteRecord(db, DEMO_SITE_KEY);
  const siteId =
    site?.id ?? (await createSite(db, { siteKey: DEMO_SITE_KEY, name: "Demo site", allowedOrigins: origins }));
  if (site && site.allowedOrigins !== JSON.stringify(origins)) {
    // The demo site is ours: its origins are whatever port the demo page runs on now.
    await updateSite(db, siteId, { allowedOrigins: origins });
  }
  // Added once; a role changed since (members set-role) is kept.
  await addSiteMember(db, siteId, DEMO_MEMBER);

  const kept = await readFile(options.secretFile, "utf8").then(
    (text) => text.trim(),
    () => "",
  );
  if (kept) {
    const key = await findActiveKey(db, await hashApiKey(kept));
    if (key && key.site.id === siteId && key.scope === "write") {
      return { siteKey: DEMO_SITE_KEY, apiKey: kept, keyCreated: false };
    }
  }
  const apiKey = newApiKey();
  await insertApiKey(db, { siteId, keyHash: await hashApiKey(apiKey), name: "npm start (demo)", scope: "write" });
  await mkdir(dirname(options.secretFile), { recursive: true });
  await writeFile(options.secretFile, `${apiKey}\n`, { mode: 0o600 });
  return { siteKey: DEMO_SITE_KEY, apiKey, keyCreated: true };
}
