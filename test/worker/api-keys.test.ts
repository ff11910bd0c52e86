import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { listApiKeys, revokeApiKey } from "../../worker/db/api-keys.ts";
import { call, makeSite } from "./helpers.ts";
import { addKey } from "./team-fixtures.ts";

const list = (apiKey: string) => call("/v1/inquiries", { headers: { authorization: `Bearer ${apiKey}` } });

const lastUsedAt = async (keyId: string) =>
  env.DB.prepare("SELECT last_used_at FROM api_keys WHERE id = ?").bind(keyId).first<number | null>("last_used_at");

/** last_used_at is written after the answer (waitUntil): wait for it rather than race it. */
async function lastUsedAfter(keyId: string, since: number) {
  for (let i = 0; i < 50; i++) {
    const at = await lastUsedAt(keyId);
    if (at !== null && at >= since) return at;
    await new Promise((r) => setTimeout(r, 20));
  }
  return lastUsedAt(keyId);
}

describe("API keys", () => {
  it("a key revoked (as the CLI does) is refused on its next request", async () => {
    const { apiKey, siteId, keyId } = await makeSite();
    expect((await list(apiKey)).status).toBe(200);
    expect(await revokeApiKey(env.DB, siteId, { id: keyId })).toBe("revoked");
    const res = await list(apiKey);
    expect(res.status).toBe(401);
    // Said so (the caller holds the key, so it learns only that it no longer works).
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      authorization: "was revoked: ask the site's admin for a new key",
    });
    expect(await revokeApiKey(env.DB, siteId, { id: keyId })).toBe("already_revoked");
  });

  it("revoking one key leaves the site's other keys working", async () => {
    const { siteId, apiKey, keyId } = await makeSite();
    const other = await addKey(siteId, "read");
    expect((await list(other.key)).status).toBe(200);
    expect(await revokeApiKey(env.DB, siteId, { id: keyId })).toBe("revoked");
    expect((await list(apiKey)).status).toBe(401);
    expect((await list(other.key)).status).toBe(200);
  });

  it("a site cannot revoke another site's key", async () => {
    const a = await makeSite();
    const b = await makeSite();
    expect(await revokeApiKey(env.DB, b.siteId, { id: a.keyId })).toBe("not_found");
    expect((await list(a.apiKey)).status).toBe(200);
  });

  it("records when a key was last used, at most once a minute", async () => {
    const { apiKey, siteId, keyId } = await makeSite();
    expect(await lastUsedAt(keyId)).toBeNull();
    const before = Date.now();
    expect((await list(apiKey)).status).toBe(200);
    const first = await lastUsedAfter(keyId, before);
    expect(first).toBeGreaterThanOrEqual(before);

    // Within the minute: no new write.
    expect((await list(apiKey)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(await lastUsedAt(keyId)).toBe(first);

    // Older than a minute: stamped again.
    await env.DB.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
      .bind(first! - 61_000, keyId)
      .run();
    const again = Date.now();
    expect((await list(apiKey)).status).toBe(200);
    expect(await lastUsedAfter(keyId, again)).toBeGreaterThanOrEqual(again);

    const [listed] = await listApiKeys(env.DB, siteId);
    expect(listed).toMatchObject({ id: keyId, name: "test", scope: "read", revokedAt: null });
    expect(listed?.lastUsedAt).toBeGreaterThanOrEqual(again);
  });
});
