// `members …` and `login` against a real local D1: what they store and print, and their usage errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINK_TTL_MS } from "../../worker/db/sessions.ts";
import { hashToken } from "../../worker/lib/session-token.ts";
import { closeLocalD1, expectUsageError, freshLocalD1, hikiai, hikiaiProcess, rows } from "./cli-helpers.ts";

let persistTo: string;
let siteA: string;
let siteB: string;
beforeAll(async () => {
  persistTo = freshLocalD1("hikiai-members-");
  const create = async (name: string) => {
    const res = await hikiai(persistTo, "sites", "create", "--name", name, "--origin", "https://a.example");
    return /site key:\s+(site_\w+)/.exec(res.stdout)![1]!;
  };
  siteA = await create("A");
  siteB = await create("B");
});
afterAll(() => closeLocalD1(persistTo));

const run = (...args: string[]) => hikiai(persistTo, ...args);
async function ok(...args: string[]) {
  const res = await run(...args);
  expect(res.status, res.stderr).toBe(0);
  expect(res.stderr).toBe("");
  return res;
}

describe("members", () => {
  it("add stores one person per normalised e-mail, reused on a second site; list shows them", async () => {
    const added = await ok(
      "members",
      "add",
      "--site",
      siteA,
      "--email",
      " Hanako@Example.JP ",
      "--role",
      "admin",
      "--name",
      "山田 花子",
    );
    expect(added.stdout).toContain(`hanako@example.jp added to ${siteA} as admin.`);
    // One person, named per site: siteB's name for them leaves siteA's as it was.
    await ok("members", "add", "--site", siteB, "--email", "hanako@example.jp", "--role", "viewer", "--name", "Hanako");
    expect(await rows(persistTo, "SELECT email, name FROM members WHERE email = 'hanako@example.jp'")).toEqual([
      { email: "hanako@example.jp", name: "山田 花子" },
    ]);
    const list = await ok("members", "list", "--site", siteB);
    expect(list.stdout).toMatch(/^EMAIL +NAME +ROLE +ADDED$/m);
    expect(list.stdout).toMatch(/^hanako@example\.jp +Hanako +viewer +\d{4}-\d\d-\d\d \d\d:\d\d UTC$/m);
    const json = JSON.parse((await ok("members", "list", "--site", siteA, "--json")).stdout);
    expect(json).toEqual([
      {
        id: expect.any(String),
        email: "hanako@example.jp",
        name: "山田 花子",
        role: "admin",
        createdAt: expect.stringMatching(/Z$/),
        slackUserId: null,
        language: null,
      },
    ]);
  });

  it("refuses a second add to the same site, a bad role, a bad e-mail: one line, exit 2", async () => {
    await ok("members", "add", "--site", siteA, "--email", "twice@example.jp", "--role", "member");
    expectUsageError(
      await run("members", "add", "--site", siteA, "--email", "twice@example.jp", "--role", "admin"),
      /already a member of .* as member .*members set-role/,
    );
    expectUsageError(
      await run("members", "add", "--site", siteA, "--email", "x@example.jp", "--role", "owner"),
      /--role "owner" is not a role: use viewer, member or admin/,
    );
    expectUsageError(
      await run("members", "add", "--site", siteA, "--email", "not-an-address", "--role", "viewer"),
      /--email "not-an-address" is not an e-mail address/,
    );
    expectUsageError(
      await run("members", "add", "--site", "site_typo", "--email", "x@example.jp", "--role", "viewer"),
      /no site has the key "site_typo"/,
    );
    expectUsageError(await run("members", "add", "--site", siteA, "--role", "viewer"), /--email EMAIL is required/);
  });

  it("set-role changes the role; remove takes the person off the site and revokes their sessions", async () => {
    await ok("members", "add", "--site", siteA, "--email", "leaving@example.jp", "--role", "viewer");
    const changed = await ok(
      "members",
      "set-role",
      "--site",
      siteA,
      "--email",
      "leaving@example.jp",
      "--role",
      "member",
    );
    expect(changed.stdout).toContain("is now member");
    const [person] = await rows<{ id: string }>(persistTo, "SELECT id FROM members WHERE email = 'leaving@example.jp'");
    await rows(
      persistTo,
      "INSERT INTO sessions (token_hash, member_id, via, created_at, last_seen_at, expires_at) VALUES ('h1', ?, 'link', 1, 1, 9999999999999)",
      person!.id,
    );
    await ok("members", "remove", "--site", siteA, "--email", "leaving@example.jp");
    expect(await rows(persistTo, "SELECT * FROM site_members WHERE member_id = ?", person!.id)).toEqual([]);
    const [session] = await rows<{ revoked_at: number | null }>(
      persistTo,
      "SELECT revoked_at FROM sessions WHERE token_hash = 'h1'",
    );
    expect(session!.revoked_at).not.toBeNull();
    expectUsageError(
      await run("members", "remove", "--site", siteA, "--email", "leaving@example.jp"),
      /leaving@example\.jp is not a member of .*members add/,
    );
  });

  it("refuses to demote or remove a site's last admin (one line, exit 2)", async () => {
    // hanako@example.jp is the only admin of A.
    expectUsageError(
      await run("members", "set-role", "--site", siteA, "--email", "hanako@example.jp", "--role", "viewer"),
      /hanako@example\.jp is the last admin of .*make someone else admin first/,
    );
    expectUsageError(
      await run("members", "remove", "--site", siteA, "--email", "hanako@example.jp"),
      /is the last admin of/,
    );
    expect((await ok("members", "list", "--site", siteA, "--json")).stdout).toContain('"role": "admin"');
  });
});

describe("login", () => {
  it("prints a one-time link under --url, valid 15 minutes, stored only by its hash", async () => {
    await ok("members", "add", "--site", siteA, "--email", "login@example.jp", "--role", "member");
    const res = await ok(
      "login",
      "--site",
      siteA,
      "--email",
      "LOGIN@example.jp",
      "--url",
      "https://hikiai.example.workers.dev/",
    );
    const url = /(https:\/\/\S+)/.exec(res.stdout)?.[1];
    expect(url).toMatch(/^https:\/\/hikiai\.example\.workers\.dev\/auth\/link\?token=[A-Za-z0-9_-]{43}$/);
    expect(res.stdout).toContain("Valid 15 minutes");
    expect(res.stdout).toContain("single use");
    const token = new URL(url!).searchParams.get("token")!;
    const [link] = await rows<{ created_at: number; expires_at: number; used_at: number | null; email: string }>(
      persistTo,
      "SELECT l.created_at, l.expires_at, l.used_at, m.email FROM sign_in_links l JOIN members m ON m.id = l.member_id WHERE l.token_hash = ?",
      await hashToken(token),
    );
    expect(link).toMatchObject({ email: "login@example.jp", used_at: null });
    expect(link!.expires_at - link!.created_at).toBe(LINK_TTL_MS);
  });

  it("defaults to npm start's address", async () => {
    await ok("members", "add", "--site", siteB, "--email", "local@example.jp", "--role", "viewer");
    const res = await ok("login", "--site", siteB, "--email", "local@example.jp");
    expect(res.stdout).toMatch(/^ {2}http:\/\/localhost:8787\/auth\/link\?token=[A-Za-z0-9_-]{43}$/m);
  });

  it("refuses a person who is not a member of the site (one line, exit 2) and stores no link", async () => {
    const before = await rows(persistTo, "SELECT count(*) AS n FROM sign_in_links");
    // hanako is a member of both sites; nobody@ of none; login@ of A only.
    expectUsageError(
      await run("login", "--site", siteB, "--email", "login@example.jp"),
      /login@example\.jp is not a member of/,
    );
    expectUsageError(await run("login", "--site", siteA, "--email", "nobody@example.jp"), /is not a member of/);
    expectUsageError(
      await run("login", "--site", siteA, "--email", "x@example.jp", "--url", "ftp://x"),
      /--url "ftp:\/\/x" must start with https:\/\//,
    );
    expectUsageError(await run("login", "--email", "x@example.jp"), /--site SITE_KEY is required for "login"/);
    expect(await rows(persistTo, "SELECT count(*) AS n FROM sign_in_links")).toEqual(before);
  });

  it("set stores a member's Slack user id and mail language on that site only, and clears them", async () => {
    await ok("members", "add", "--site", siteA, "--email", "slack@example.jp", "--role", "member");
    const who = ["--site", siteA, "--email", "Slack@Example.jp"];
    const set = await ok("members", "set", ...who, "--slack-user-id", "U012AB3CD", "--language", "en");
    expect(set.stdout).toContain(`slack@example.jp on ${siteA}: Slack U012AB3CD, mail in en.`);
    const person = `SELECT sm.slack_user_id, sm.language FROM site_members sm JOIN members m ON m.id = sm.member_id
      JOIN sites s ON s.id = sm.site_id WHERE m.email = 'slack@example.jp' AND s.site_key = '${siteA}'`;
    expect(await rows(persistTo, person)).toEqual([{ slack_user_id: "U012AB3CD", language: "en" }]);
    const listed = JSON.parse((await ok("members", "list", "--site", siteA, "--json")).stdout) as {
      email: string;
      slackUserId: string | null;
    }[];
    expect(listed.find((m) => m.email === "slack@example.jp")?.slackUserId).toBe("U012AB3CD");

    await ok("members", "set", "--site", siteA, "--email", "slack@example.jp", "--language", "");
    expect(await rows(persistTo, person)).toEqual([{ slack_user_id: "U012AB3CD", language: null }]);

    const set2 = (...more: string[]) => run("members", "set", "--site", siteA, "--email", "slack@example.jp", ...more);
    expectUsageError(await set2(), /nothing to change: give --slack-user-id or --language/);
    expectUsageError(
      await set2("--slack-user-id", "@hanako"),
      /--slack-user-id must be a Slack member id such as U012AB3CD/,
    );
    expectUsageError(await set2("--language", "fr"), /--language must be one of ja, en/);
    expectUsageError(
      await run("members", "set", "--site", siteB, "--email", "slack@example.jp", "--language", "ja"),
      /slack@example.jp is not a member of/,
    );
    expect(await rows(persistTo, person)).toEqual([{ slack_user_id: "U012AB3CD", language: null }]);

    // On another site the person has their own: setting them there leaves siteA's as they were.
    await ok("members", "add", "--site", siteB, "--email", "slack@example.jp", "--role", "viewer");
    const onB = await ok("members", "set", "--site", siteB, "--email", "slack@example.jp", "--slack-user-id", "W0B");
    expect(onB.stdout).toContain(`slack@example.jp on ${siteB}: Slack W0B, mail in the site's language.`);
    expect(await rows(persistTo, person)).toEqual([{ slack_user_id: "U012AB3CD", language: null }]);
  });

  it("has --help with examples, and is listed in the CLI's help", async () => {
    const help = await hikiai(null, "login", "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: npm run hikiai -- login --site SITE_KEY --email EMAIL [--url URL]");
    expect(help.stdout).toContain("Examples:");
    for (const name of ["add", "list", "set-role", "set", "remove"]) {
      const res = await hikiai(null, "members", name, "--help");
      expect(res.status, name).toBe(0);
      expect(res.stdout).toContain(`Usage: npm run hikiai -- members ${name} --site SITE_KEY`);
    }
    const main = await hikiai(null, "--help");
    expect(main.stdout).toMatch(/^ {2}members add +Add a person/m);
    expect(main.stdout).toMatch(/^ {2}login +Print a one-time sign-in link/m);
  });

  it("through npm run: a usage error is one line on stderr with exit code 2", () => {
    expectUsageError(hikiaiProcess(persistTo, "login", "--site", siteA), /--email EMAIL is required for "login"/);
  });
});
