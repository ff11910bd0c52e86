import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateLocalD1, ROOT, withLocalD1 } from "../../scripts/local-d1.ts";
import { API_KEY_PATTERN, hashApiKey } from "../../worker/lib/keys.ts";

let persistTo: string;

beforeAll(() => {
  persistTo = mkdtempSync(join(tmpdir(), "hikiai-cli-"));
  migrateLocalD1(persistTo);
});
afterAll(() => rmSync(persistTo, { recursive: true, force: true }));

const createSite = (...args: string[]) =>
  execFileSync(process.execPath, ["scripts/create-site.ts", "--persist", persistTo, ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });

const keysIn = (out: string) => ({
  siteKey: /site key:\s+(\S+)/.exec(out)?.[1],
  apiKey: /API key:\s+(\S+)/.exec(out)?.[1],
});

const readDb = <T>(fn: (db: D1Database) => Promise<T>) => withLocalD1(persistTo, fn);

it("npm run site:create makes a site and prints an API key stored only as its hash", async () => {
  const out = createSite(
    "--name",
    "ACME 株式会社",
    "--origin",
    "https://acme.example",
    "--origin",
    "https://www.acme.example",
  );
  const { siteKey, apiKey } = keysIn(out);
  expect(siteKey).toMatch(/^site_[0-9a-f]{24}$/);
  expect(apiKey).toMatch(API_KEY_PATTERN);

  const { site, keys } = await readDb(async (db) => ({
    site: await db.prepare("SELECT * FROM sites WHERE site_key = ?").bind(siteKey).first(),
    keys: (
      await db
        .prepare("SELECT k.* FROM api_keys k JOIN sites s ON s.id = k.site_id WHERE s.site_key = ?")
        .bind(siteKey)
        .all()
    ).results,
  }));
  expect(site).toMatchObject({
    name: "ACME 株式会社",
    allowed_origins: '["https://acme.example","https://www.acme.example"]',
    disabled_at: null,
  });
  expect(keys).toHaveLength(1);
  expect(keys[0]?.key_hash).toBe(await hashApiKey(apiKey!));
  expect(JSON.stringify(keys)).not.toContain(apiKey);
}, 60_000);

it("--site KEY adds another API key to an existing site", async () => {
  const { siteKey } = keysIn(createSite("--name", "Second", "--origin", "https://b.example"));
  const again = keysIn(createSite("--site", siteKey!));
  expect(again.siteKey).toBe(siteKey);
  const count = await readDb((db) =>
    db
      .prepare("SELECT count(*) AS n FROM api_keys k JOIN sites s ON s.id = k.site_id WHERE s.site_key = ?")
      .bind(siteKey)
      .first<number>("n"),
  );
  expect(count).toBe(2);
}, 60_000);
