// `npm start`'s demo site against a real local D1: one key across starts, origins that follow DEMO_PORT.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_SITE_KEY, provisionDemoSite } from "../../scripts/demo-site.ts";
import { findActiveKey, revokeApiKey } from "../../worker/db/api-keys.ts";
import { findSiteRecord } from "../../worker/db/sites.ts";
import { hashApiKey } from "../../worker/lib/keys.ts";
import { closeLocalD1, freshLocalD1, localD1, rows } from "./cli-helpers.ts";

let persistTo: string;
let secretFile: string;
beforeAll(() => {
  persistTo = freshLocalD1("hikiai-demo-");
  secretFile = join(persistTo, "demo-api-key");
});
afterAll(() => closeLocalD1(persistTo));

/** What one `npm start` on `demoPort` does to the database. */
const start = (demoPort: number) => localD1(persistTo).then((db) => provisionDemoSite(db, { demoPort, secretFile }));
const demoKeys = () =>
  rows<{ scope: string; revoked_at: number | null }>(
    persistTo,
    "SELECT k.scope, k.revoked_at FROM api_keys k JOIN sites s ON s.id = k.site_id WHERE s.site_key = ?",
    DEMO_SITE_KEY,
  );
const origins = async () =>
  JSON.parse((await localD1(persistTo).then((db) => findSiteRecord(db, DEMO_SITE_KEY)))!.allowedOrigins);

it("reuses the demo site's write key across starts, kept in a private file", async () => {
  const first = await start(5173);
  expect(first).toMatchObject({ siteKey: DEMO_SITE_KEY, keyCreated: true });
  expect(readFileSync(secretFile, "utf8").trim()).toBe(first.apiKey);
  expect(statSync(secretFile).mode & 0o077).toBe(0); // readable by the owner only

  const second = await start(5173);
  expect(second).toEqual({ ...first, keyCreated: false });
  expect(await demoKeys()).toEqual([{ scope: "write", revoked_at: null }]);
  const key = await localD1(persistTo).then(async (db) => findActiveKey(db, await hashApiKey(second.apiKey)));
  expect(key?.scope).toBe("write");
});

it("makes the demo site's origins match DEMO_PORT on every start", async () => {
  await start(5173);
  expect(await origins()).toEqual(["http://localhost:5173", "http://127.0.0.1:5173"]);
  await start(5174);
  expect(await origins()).toEqual(["http://localhost:5174", "http://127.0.0.1:5174"]);
});

it("replaces a key that was revoked, or a kept secret that is not a key, and rewrites the file", async () => {
  const before = await start(5173);
  const siteId = (await localD1(persistTo).then((db) => findSiteRecord(db, DEMO_SITE_KEY)))!.id;
  await localD1(persistTo).then(async (db) => revokeApiKey(db, siteId, { keyHash: await hashApiKey(before.apiKey) }));

  const after = await start(5173);
  expect(after.keyCreated).toBe(true);
  expect(after.apiKey).not.toBe(before.apiKey);
  expect(readFileSync(secretFile, "utf8").trim()).toBe(after.apiKey);

  writeFileSync(secretFile, "hk_not_a_key\n");
  const again = await start(5173);
  expect(again.keyCreated).toBe(true);
  expect((await demoKeys()).filter((k) => k.revoked_at === null)).toHaveLength(2);
});

it("gives the demo site its admin demo@hikiai.example once, and keeps a role changed since", async () => {
  await start(5173);
  await start(5173);
  const admins = () =>
    rows<{ email: string; name: string; role: string }>(
      persistTo,
      "SELECT m.email, m.name, sm.role FROM site_members sm JOIN members m ON m.id = sm.member_id JOIN sites s ON s.id = sm.site_id WHERE s.site_key = ?",
      DEMO_SITE_KEY,
    );
  expect(await admins()).toEqual([{ email: "demo@hikiai.example", name: "Demo", role: "admin" }]);
  await rows(persistTo, "UPDATE site_members SET role = 'viewer'");
  await start(5173);
  expect(await admins()).toEqual([{ email: "demo@hikiai.example", name: "Demo", role: "viewer" }]);
});
