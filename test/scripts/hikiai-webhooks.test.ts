// `npm run hikiai -- webhooks …` against a real local D1: what each command stores and prints,
// and every wrong usage (one line, exit 2, nothing written).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeLocalD1, expectUsageError, freshLocalD1, hikiai, rows } from "./cli-helpers.ts";

let persistTo: string;
let siteKey: string;
let otherSiteKey: string;

const run = (...args: string[]) => hikiai(persistTo, ...args);

async function ok(...args: string[]) {
  const res = await run(...args);
  expect(res.status, res.stderr).toBe(0);
  return res;
}

async function newSite(name: string) {
  const res = await ok("sites", "create", "--name", name, "--origin", "https://a.example");
  return /site key:\s+(site_\w+)/.exec(res.stdout)![1]!;
}

beforeAll(async () => {
  persistTo = freshLocalD1("hikiai-webhooks-");
  siteKey = await newSite("Hooks");
  otherSiteKey = await newSite("Other");
}, 120_000);
afterAll(() => closeLocalD1(persistTo));

interface HookRow {
  id: string;
  type: string;
  url: string;
  secret: string | null;
  description: string;
  disabled_at: number | null;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
}
const hook = async (id: string) => (await rows<HookRow>(persistTo, "SELECT * FROM webhooks WHERE id = ?", id))[0];
const hookCount = async () => (await rows(persistTo, "SELECT id FROM webhooks")).length;

/** Adds a webhook; returns its id and the secret the output printed (if any). */
async function add(...args: string[]) {
  const res = await ok("webhooks", "add", "--site", siteKey, ...args);
  const id = /webhook id:\s+(wh_\w+)/.exec(res.stdout)?.[1];
  expect(id).toMatch(/^wh_[0-9a-f]{32}$/);
  return { id: id!, secret: /secret:\s+(whsec_\S+)/.exec(res.stdout)?.[1], stdout: res.stdout };
}

describe("webhooks add and list", () => {
  it("add prints a signed webhook's secret once, stores it, and list never shows it", async () => {
    const added = await add("--url", "https://crm.example.com/hooks/hikiai", "--description", "CRM");
    expect(added.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(added.stdout).toContain("shown only now");
    expect(await hook(added.id)).toMatchObject({
      type: "webhook",
      url: "https://crm.example.com/hooks/hikiai",
      secret: added.secret,
      description: "CRM",
      disabled_at: null,
      previous_secret: null,
    });
    const list = await ok("webhooks", "list", "--site", siteKey);
    expect(list.stdout).toMatch(/^WEBHOOK ID +TYPE +STATE +ROTATION +DESCRIPTION +URL$/m);
    expect(list.stdout).toMatch(
      new RegExp(`^${added.id} +webhook +enabled +CRM +https://crm.example.com/hooks/hikiai$`, "m"),
    );
    expect(list.stdout).not.toContain(added.secret!.slice(6));
    const json = JSON.parse((await ok("webhooks", "list", "--site", siteKey, "--json")).stdout) as unknown[];
    expect(json).toContainEqual({
      id: added.id,
      type: "webhook",
      url: "https://crm.example.com/hooks/hikiai",
      description: "CRM",
      enabled: true,
      previousSecretValidUntil: null,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
    expect(JSON.stringify(json)).not.toContain(added.secret!.slice(6));
  });

  it("add --type slack stores no secret; the table shows only the start of its URL (the URL is the secret)", async () => {
    const url = "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX";
    const added = await add("--type", "slack", "--url", url, "--description", "#sales");
    expect(added.secret).toBeUndefined();
    expect(added.stdout).not.toContain("XXXXSECRETXXXX");
    expect(await hook(added.id)).toMatchObject({ type: "slack", url, secret: null });
    const list = await ok("webhooks", "list", "--site", siteKey);
    expect(list.stdout).toMatch(new RegExp(`^${added.id} +slack .*https://hooks.slack.com/services/T000/…$`, "m"));
    expect(list.stdout).not.toContain("XXXXSECRETXXXX");
  });

  it("a local database's webhooks may reach this machine (npm start's receiver), over http too", async () => {
    const added = await add("--url", "http://localhost:8788/hook");
    expect((await hook(added.id))?.url).toBe("http://localhost:8788/hook");
  });

  it("a site without webhooks says how to add one", async () => {
    const empty = await newSite("Empty");
    expect((await ok("webhooks", "list", "--site", empty)).stdout).toContain("has no webhooks. Add one:");
    expect(JSON.parse((await ok("webhooks", "list", "--site", empty, "--json")).stdout)).toEqual([]);
  });
});

describe("webhooks disable, enable, remove", () => {
  it("disable and enable switch sending; remove deletes it", async () => {
    const { id } = await add("--url", "https://example.com/a");
    expect((await ok("webhooks", "disable", "--site", siteKey, "--webhook", id)).stdout).toContain(`${id} disabled`);
    expect((await hook(id))?.disabled_at).toEqual(expect.any(Number));
    expect((await ok("webhooks", "disable", "--site", siteKey, "--webhook", id)).stdout).toContain("already disabled");
    expect((await ok("webhooks", "list", "--site", siteKey)).stdout).toMatch(
      new RegExp(`^${id} +webhook +disabled`, "m"),
    );
    await ok("webhooks", "enable", "--site", siteKey, "--webhook", id);
    expect((await hook(id))?.disabled_at).toBeNull();
    expect((await ok("webhooks", "remove", "--site", siteKey, "--webhook", id)).stdout).toContain(`${id} removed`);
    expect(await hook(id)).toBeUndefined();
    expectUsageError(await run("webhooks", "remove", "--site", siteKey, "--webhook", id), /has no webhook "wh_/);
  });
});

describe("webhooks rotate", () => {
  it("prints a new secret once; the old one keeps signing for 24 h by default", async () => {
    const { id, secret: first } = await add("--url", "https://example.com/rotate");
    const before = Date.now();
    const res = await ok("webhooks", "rotate", "--site", siteKey, "--webhook", id);
    const second = /secret:\s+(whsec_\S+)/.exec(res.stdout)?.[1];
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    expect(res.stdout).toMatch(/old secret also signs until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const row = await hook(id);
    expect(row).toMatchObject({ secret: second, previous_secret: first });
    expect(row!.previous_secret_expires_at).toBeGreaterThanOrEqual(before + 24 * 3_600_000);
    expect(row!.previous_secret_expires_at).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
    expect((await ok("webhooks", "list", "--site", siteKey)).stdout).toMatch(
      new RegExp(`^${id} +webhook +enabled +old secret until .* UTC`, "m"),
    );
  });

  it("--overlap-hours 0 stops the old secret at once; N sets the window", async () => {
    const { id } = await add("--url", "https://example.com/leak");
    const res = await ok("webhooks", "rotate", "--site", siteKey, "--webhook", id, "--overlap-hours", "0");
    expect(res.stdout).toContain("old secret stopped signing now");
    expect(await hook(id)).toMatchObject({ previous_secret: null, previous_secret_expires_at: null });
    const before = Date.now();
    await ok("webhooks", "rotate", "--site", siteKey, "--webhook", id, "--overlap-hours", "2");
    const until = (await hook(id))!.previous_secret_expires_at!;
    expect(until).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 2 * 3_600_000);
  });
});

describe("wrong usage → one line, exit 2, nothing written", () => {
  it("refuses bad URLs, types, descriptions and overlaps, naming the option", async () => {
    const { id: slackId } = await add("--type", "slack", "--url", "https://hooks.slack.com/services/T1/B1/Z");
    const { id: hookId } = await add("--url", "https://example.com/usage");
    const before = await hookCount();
    const cases: [string[], RegExp][] = [
      [
        ["add", "--site", siteKey, "--url", "http://crm.example.com/h"],
        /--url "http:\/\/crm.example.com\/h" must use https$/m,
      ],
      [["add", "--site", siteKey, "--url", "ftp://crm.example.com/h"], /must use https, not ftp/],
      [["add", "--site", siteKey, "--url", "https://10.0.0.8/h"], /must be a public host/],
      [
        ["add", "--site", siteKey, "--type", "slack", "--url", "https://example.com/h"],
        /must be a Slack incoming-webhook URL/,
      ],
      [["add", "--site", siteKey, "--url", "crm.example.com/h"], /must be an absolute URL/],
      [
        ["add", "--site", siteKey, "--url", "https://u:p@crm.example.com/h"],
        /must not contain a user name or password/,
      ],
      [["add", "--site", siteKey, "--url", `https://a.example/${"x".repeat(2000)}`], /--url is longer than 2000/],
      [
        ["add", "--site", siteKey, "--url", "https://a.example/", "--type", "teams"],
        /--type "teams" is not a webhook type: use webhook \(signed\) or slack/,
      ],
      [
        ["add", "--site", siteKey, "--url", "https://a.example/", "--description", "d".repeat(201)],
        /--description is longer than 200/,
      ],
      [["add", "--site", siteKey], /--url URL is required/],
      [["add", "--site", siteKey, "--url"], /--url needs a value/],
      [["add", "--site", "site_typo", "--url", "https://a.example/"], /no site has the key "site_typo"/],
      [["add", "--url", "https://a.example/"], /--site SITE_KEY is required/],
      [["list", "--site", siteKey, "--webhook", hookId], /unknown option --webhook for "webhooks list"/],
      [["disable", "--site", siteKey], /--webhook WEBHOOK_ID is required/],
      [
        ["enable", "--site", siteKey, "--webhook", "wh_nope"],
        /has no webhook "wh_nope" \(see: npm run hikiai -- webhooks list/,
      ],
      [["rotate", "--site", siteKey, "--webhook", slackId], /is a Slack webhook: it has no secret/],
      [["rotate", "--site", siteKey, "--webhook", hookId, "--overlap-hours", "73"], /between 0 and 72/],
      [
        ["rotate", "--site", siteKey, "--webhook", hookId, "--overlap-hours", "-1"],
        /--overlap-hours needs a value|between 0 and 72/,
      ],
      [["rotate", "--site", siteKey, "--webhook", hookId, "--overlap-hours", "1.5"], /between 0 and 72/],
      [["rotate", "--site", siteKey, "--webhook", hookId, "extra"], /unexpected argument "extra"/],
      // Another site's webhook is not this site's: scoped like the API.
      [["remove", "--site", otherSiteKey, "--webhook", hookId], /has no webhook/],
      [["frobnicate", "--site", siteKey], /unknown command "webhooks frobnicate"/],
    ];
    const rowBefore = await hook(hookId);
    for (const [args, reason] of cases) expectUsageError(await run("webhooks", ...args), reason);
    expectUsageError(
      await run("webhooks"),
      /"webhooks" needs a subcommand \(one of: add, list, disable, enable, remove, rotate\)/,
    );
    expect(await hookCount()).toBe(before);
    expect(await hook(hookId)).toEqual(rowBefore);
  }, 120_000);
});

describe("webhooks add past the site's limit", () => {
  // Last in the file: it adds 20 rows that the counts above do not expect.
  it("a site with 20 webhooks gets no 21st: one line, exit 2, nothing written", async () => {
    const full = await newSite("Full");
    const [site] = await rows<{ id: string }>(persistTo, "SELECT id FROM sites WHERE site_key = ?", full);
    await rows(
      persistTo,
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
       INSERT INTO webhooks (id, site_id, type, url, created_at, updated_at)
       SELECT 'wh_full' || i, ?1, 'webhook', 'https://hooks.example.com/' || i, 0, 0 FROM n`,
      site!.id,
    );
    const count = async () => (await rows(persistTo, "SELECT id FROM webhooks WHERE site_id = ?", site!.id)).length;
    expect(await count()).toBe(20);
    expectUsageError(
      await run("webhooks", "add", "--site", full, "--url", "https://crm.example.com/hooks/21"),
      /has 20 webhooks already: remove one first/,
    );
    expect(await count()).toBe(20);
  }, 60_000);
});
