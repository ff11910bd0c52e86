import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { insertApiKey } from "../../worker/db/api-keys.ts";
import { hashApiKey, newApiKey } from "../../worker/lib/keys.ts";
import { appWith, countingD1 } from "./d1-wrappers.ts";
import { makeSite } from "./helpers.ts";

const listWith = (fetchApp: ReturnType<typeof appWith>, key: string) =>
  fetchApp("/v1/inquiries", { headers: { authorization: `Bearer ${key}` } });

describe("API keys: format checked before the database", () => {
  it("a malformed key gets a 401 naming the reason, without a single D1 statement", async () => {
    const { apiKey } = await makeSite();
    const { db, counts } = countingD1(env.DB);
    const fetchApp = appWith(db);
    const typo = `${apiKey.slice(0, 10)}${apiKey[10] === "x" ? "y" : "x"}${apiKey.slice(11)}`;
    for (const [key, reason] of [
      [typo, "has a wrong checksum: the key was mistyped or cut short"],
      [apiKey.slice(0, -3), "is not a hikiai API key: expected hk_live_ followed by 36 letters and digits"],
      ["ghp_abc", "is not a hikiai API key: expected hk_live_ followed by 36 letters and digits"],
    ] as const) {
      const res = await listWith(fetchApp, key);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(body.error).toMatchObject({ code: "unauthorized", fields: { authorization: reason } });
    }
    expect(counts).toEqual({ prepared: 0, batches: 0 });

    // The counter does see D1: the real key costs a lookup.
    expect((await listWith(fetchApp, apiKey)).status).toBe(200);
    expect(counts.prepared).toBeGreaterThan(0);
  });

  it("a well-formed key that is not stored is refused after the lookup", async () => {
    const { apiKey } = await makeSite();
    const stranger = newApiKey();
    expect(stranger).not.toBe(apiKey);
    const res = await listWith(appWith(env.DB), stranger);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      authorization: "is not a valid API key",
    });
  });

  it("a key of the earlier format (hk_ + 48 hex) keeps working", async () => {
    const { siteId } = await makeSite();
    const legacy = `hk_${"5a".repeat(24)}`;
    await insertApiKey(env.DB, { siteId, keyHash: await hashApiKey(legacy), name: "old", scope: "read" });
    expect((await listWith(appWith(env.DB), legacy)).status).toBe(200);
  });
});
