// The management CLI against a real local D1: what each command stores and prints.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActiveKey } from "../../worker/db/api-keys.ts";
import { API_KEY_PATTERN, hashApiKey } from "../../worker/lib/keys.ts";
import { closeLocalD1, freshLocalD1, hikiai, localD1, rows } from "./cli-helpers.ts";

let persistTo: string;
beforeAll(() => {
  persistTo = freshLocalD1("hikiai-manage-");
});
afterAll(() => closeLocalD1(persistTo));

const run = (...args: string[]) => hikiai(persistTo, ...args);

async function ok(...args: string[]) {
  const res = await run(...args);
  expect(res.status, res.stderr).toBe(0);
  return res;
}

interface SiteRow {
  name: string;
  retention_months: number;
  full_urls: number;
  form_analytics: number;
  allowed_origins: string;
  time_zone: string;
  disabled_at: number | null;
}
const site = async (siteKey: string) =>
  (await rows<SiteRow>(persistTo, "SELECT * FROM sites WHERE site_key = ?", siteKey))[0];

async function createSite(...args: string[]) {
  const res = await ok("sites", "create", ...args);
  const siteKey = /site key:\s+(site_\w+)/.exec(res.stdout)?.[1];
  expect(siteKey).toMatch(/^site_[0-9a-f]{24}$/);
  return { siteKey: siteKey!, ...res };
}

describe("sites", () => {
  it("create stores normalised origins and the time zone, and list shows them", async () => {
    const { siteKey, stderr } = await createSite(
      "--name",
      "ACME 株式会社",
      "--origin",
      "HTTPS://Acme.Example/",
      "--origin",
      "https://www.acme.example:443",
      "--origin",
      "https://acme.example",
      "--time-zone",
      "europe/berlin",
    );
    expect(stderr).toBe("");
    expect(await site(siteKey)).toMatchObject({
      name: "ACME 株式会社",
      allowed_origins: '["https://acme.example","https://www.acme.example"]',
      time_zone: "Europe/Berlin",
      disabled_at: null,
    });
    const list = await ok("sites", "list");
    expect(list.stdout).toMatch(/^SITE KEY +NAME +TIME ZONE +STATE +TURNSTILE +ORIGINS$/m);
    expect(JSON.parse((await ok("sites", "list", "--json")).stdout)).toContainEqual({
      siteKey,
      name: "ACME 株式会社",
      timeZone: "Europe/Berlin",
      enabled: true,
      origins: ["https://acme.example", "https://www.acme.example"],
      retentionMonths: 24,
      fullUrls: false,
      formAnalytics: true,
      turnstile: null,
      createdAt: expect.stringMatching(/Z$/),
    });
    expect(list.stdout).toMatch(
      new RegExp(
        `^${siteKey} +ACME 株式会社 +Europe/Berlin +enabled +off +https://acme.example https://www.acme.example$`,
        "m",
      ),
    );
  });

  it('create without origins warns (and "*" must be explicit); the default time zone is Asia/Tokyo', async () => {
    const bare = await createSite("--name", "No origins yet");
    expect(bare.stderr).toMatch(/^warning: site site_\w+ has no allowed origins: browsers cannot submit to it/);
    expect(bare.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(await site(bare.siteKey)).toMatchObject({ allowed_origins: "[]", time_zone: "Asia/Tokyo" });

    const any = await createSite("--name", "Anywhere", "--origin", "*");
    expect(any.stderr).toBe("");
    expect((await site(any.siteKey))?.allowed_origins).toBe('["*"]');
  });

  it("create prints the embed line the docs recommend, with the new site key", async () => {
    const { siteKey, stdout } = await createSite("--name", "Embed", "--origin", "https://e.example");
    const printed = /^ {2}embed: +(<script .*<\/script>)$/m.exec(stdout)?.[1];
    expect(printed).toContain('data-privacy-url="/privacy" async blocking="render"');
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const recommended = /^<script src="https:\/\/YOUR-COLLECTOR\/w\.js".*<\/script>$/m.exec(readme)?.[0];
    expect(printed).toBe(recommended?.replace('data-site="SITE_KEY"', `data-site="${siteKey}"`));
  });

  it("set changes the name and time zone only", async () => {
    const { siteKey } = await createSite("--name", "Old", "--origin", "https://a.example");
    await ok("sites", "set", "--site", siteKey, "--name", "New", "--time-zone", "America/New_York");
    expect(await site(siteKey)).toMatchObject({
      name: "New",
      time_zone: "America/New_York",
      allowed_origins: '["https://a.example"]',
    });
    await ok("sites", "set", "--site", siteKey, "--time-zone", "UTC", "--retention-months", "12");
    expect(await site(siteKey)).toMatchObject({ name: "New", time_zone: "UTC", retention_months: 12 });
  });

  it("set --form-analytics off|on stores the setting and list --json shows it", async () => {
    const { siteKey } = await createSite("--name", "Counted", "--origin", "https://a.example");
    expect((await site(siteKey))?.form_analytics).toBe(1);
    const off = await ok("sites", "set", "--site", siteKey, "--form-analytics", "off");
    expect(off.stdout).toContain("form analytics off");
    expect(await site(siteKey)).toMatchObject({ form_analytics: 0, name: "Counted" });
    const listed = JSON.parse((await ok("sites", "list", "--json")).stdout) as {
      siteKey: string;
      formAnalytics: boolean;
    }[];
    expect(listed.find((s) => s.siteKey === siteKey)?.formAnalytics).toBe(false);
  });

  it("set --full-urls on|off stores the opt-in, keeps the rest, and list --json shows it", async () => {
    const { siteKey } = await createSite("--name", "Full", "--origin", "https://a.example");
    expect((await site(siteKey))?.full_urls).toBe(0);
    const on = await ok("sites", "set", "--site", siteKey, "--full-urls", "on");
    expect(on.stdout).toContain("full URLs");
    expect(await site(siteKey)).toMatchObject({ full_urls: 1, name: "Full", retention_months: 24 });
    const listed = JSON.parse((await ok("sites", "list", "--json")).stdout) as { siteKey: string; fullUrls: boolean }[];
    expect(listed.find((s) => s.siteKey === siteKey)?.fullUrls).toBe(true);
    // Another setting leaves the opt-in as it is.
    await ok("sites", "set", "--site", siteKey, "--retention-months", "6");
    expect(await site(siteKey)).toMatchObject({ full_urls: 1, retention_months: 6 });
    expect((await ok("sites", "set", "--site", siteKey, "--full-urls", "off")).stdout).toContain("stripped");
    expect((await site(siteKey))?.full_urls).toBe(0);
  });

  it("set turns Turnstile on with a site key and secret and off again; list shows the key, never the secret", async () => {
    const { siteKey } = await createSite("--name", "Guarded", "--origin", "https://a.example");
    const key = "0x4AAAAAAAB1cdEfGhIjKlMn";
    const secret = "0x4AAAAAAAB1cdEfGhIjKlMnOpQrStUvWxYz";
    const on = await ok("sites", "set", "--site", siteKey, "--turnstile-site-key", key, "--turnstile-secret", secret);
    expect(on.stdout).toContain(`Turnstile on (site key ${key})`);
    expect(on.stderr).toBe("");
    const stored = async () =>
      (
        await rows<{ turnstile_site_key: string | null; turnstile_secret: string | null }>(
          persistTo,
          "SELECT turnstile_site_key, turnstile_secret FROM sites WHERE site_key = ?",
          siteKey,
        )
      )[0];
    expect(await stored()).toEqual({ turnstile_site_key: key, turnstile_secret: secret });
    // Other settings leave it as it is, and say so.
    expect((await ok("sites", "set", "--site", siteKey, "--name", "Still guarded")).stdout).toContain("Turnstile on");
    const list = await ok("sites", "list");
    expect(list.stdout).toMatch(
      new RegExp(`^${siteKey} +Still guarded +Asia/Tokyo +enabled +${key} +https://a.example$`, "m"),
    );
    const json = await ok("sites", "list", "--json");
    expect(json.stdout).not.toContain(secret);
    expect(JSON.parse(json.stdout)).toContainEqual(expect.objectContaining({ siteKey, turnstile: { siteKey: key } }));

    const off = await ok("sites", "set", "--site", siteKey, "--turnstile-off");
    expect(off.stdout).toContain("Turnstile off");
    expect(await stored()).toEqual({ turnstile_site_key: null, turnstile_secret: null });
  });

  it("set with Cloudflare's test secret works and warns that tokens pass by design", async () => {
    const { siteKey } = await createSite("--name", "Test keys", "--origin", "http://localhost:5173");
    const res = await ok(
      "sites",
      "set",
      "--site",
      siteKey,
      "--turnstile-site-key",
      "1x00000000000000000000AA",
      "--turnstile-secret",
      "1x0000000000000000000000000000000AA",
    );
    expect(res.stderr).toMatch(/^warning: 1x0000000000000000000000000000000AA is Cloudflare's test secret/);
    expect(res.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("disable and enable", async () => {
    const { siteKey } = await createSite("--name", "Switch", "--origin", "https://a.example");
    expect((await ok("sites", "disable", "--site", siteKey)).stdout).toContain("disabled");
    expect((await site(siteKey))?.disabled_at).toEqual(expect.any(Number));
    expect((await ok("sites", "disable", "--site", siteKey)).stdout).toContain("already disabled");
    expect((await ok("sites", "list")).stdout).toMatch(new RegExp(`^${siteKey} .* disabled `, "m"));
    await ok("sites", "enable", "--site", siteKey);
    expect((await site(siteKey))?.disabled_at).toBeNull();
  });
});

describe("origins", () => {
  it("add normalises and skips ones already there; remove refuses an origin the site does not have", async () => {
    const { siteKey } = await createSite("--name", "Origins", "--origin", "https://acme.example");
    await ok(
      "origins",
      "add",
      "--site",
      siteKey,
      "--origin",
      "https://WWW.acme.example/",
      "--origin",
      "https://acme.example",
    );
    expect((await site(siteKey))?.allowed_origins).toBe('["https://acme.example","https://www.acme.example"]');

    const typo = await run("origins", "remove", "--site", siteKey, "--origin", "https://acme.exmaple");
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/^error: https:\/\/acme.exmaple is not an origin of site_\w+ \(its origins: /);

    await ok("origins", "remove", "--site", siteKey, "--origin", "https://acme.example/");
    expect((await site(siteKey))?.allowed_origins).toBe('["https://www.acme.example"]');
    const last = await ok("origins", "remove", "--site", siteKey, "--origin", "https://www.acme.example");
    expect(last.stderr).toMatch(/^warning: .* has no allowed origins/);
    expect((await site(siteKey))?.allowed_origins).toBe("[]");
  });
});

describe("keys", () => {
  it("create prints the secret once and stores its hash, name and scope", async () => {
    const { siteKey } = await createSite("--name", "Keys", "--origin", "https://a.example");
    const created = await ok("keys", "create", "--site", siteKey, "--name", "CRM sync", "--scope", "write");
    const secret = /API key:\s+(\S+)/.exec(created.stdout)?.[1];
    const keyId = /key id:\s+(\S+)/.exec(created.stdout)?.[1];
    expect(secret).toMatch(API_KEY_PATTERN);
    const stored = await rows(persistTo, "SELECT * FROM api_keys WHERE id = ?", keyId);
    expect(stored).toEqual([expect.objectContaining({ label: "CRM sync", scope: "write", revoked_at: null })]);
    expect(stored[0]?.key_hash).toBe(await hashApiKey(secret!));
    expect(JSON.stringify(stored)).not.toContain(secret);

    const readKey = await ok("keys", "create", "--site", siteKey, "--name", "Dashboard");
    expect(readKey.stdout).toContain("scope read");
  });

  it("list shows name, scope, last use and state; revoke by id or by the secret stops the key", async () => {
    const { siteKey } = await createSite("--name", "Key list", "--origin", "https://a.example");
    const first = await ok("keys", "create", "--site", siteKey, "--name", "Zapier", "--scope", "read");
    const firstId = /key id:\s+(\S+)/.exec(first.stdout)![1]!;
    const second = await ok("keys", "create", "--site", siteKey, "--name", "Sales desk", "--scope", "write");
    const secondSecret = /API key:\s+(\S+)/.exec(second.stdout)![1]!;
    // As the API-key middleware records it.
    await localD1(persistTo).then((db) =>
      db
        .prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
        .bind(Date.UTC(2026, 10, 26, 9, 15), firstId)
        .run(),
    );

    const list = await ok("keys", "list", "--site", siteKey);
    expect(list.stdout).toMatch(/^KEY ID +NAME +SCOPE +CREATED +LAST USED +STATE$/m);
    expect(list.stdout).toMatch(
      new RegExp(`^${firstId} +Zapier +read +\\S+ \\S+ UTC +2026-11-26 09:15 UTC +active$`, "m"),
    );
    expect(list.stdout).toMatch(/^\S+ +Sales desk +write +\S+ \S+ UTC +never +active$/m);
    expect(list.stdout).not.toContain(secondSecret);
    const json = JSON.parse((await ok("keys", "list", "--site", siteKey, "--json")).stdout);
    expect(json).toContainEqual({
      id: firstId,
      name: "Zapier",
      scope: "read",
      createdAt: expect.stringMatching(/Z$/),
      lastUsedAt: "2026-11-26T09:15:00.000Z",
      revokedAt: null,
    });

    expect((await ok("keys", "revoke", "--site", siteKey, "--key", firstId)).stdout).toBe("API key revoked.\n");
    expect((await ok("keys", "revoke", "--site", siteKey, "--key", firstId)).stdout).toContain("already revoked");
    await ok("keys", "revoke", "--site", siteKey, "--key", secondSecret);
    expect(await localD1(persistTo).then(async (db) => findActiveKey(db, await hashApiKey(secondSecret)))).toBeNull();
    expect((await ok("keys", "list", "--site", siteKey)).stdout).toMatch(
      new RegExp(`^${firstId} .* revoked \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`, "m"),
    );

    const unknown = await run("keys", "revoke", "--site", siteKey, "--key", "00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/has no API key/);
  });
});
