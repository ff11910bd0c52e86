// Every wrong usage of `npm run hikiai`: one line on stderr, exit code 2, nothing on stdout,
// no stack trace, and nothing written. Most are refused before the database is opened.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeLocalD1, expectUsageError, freshLocalD1, hikiai, hikiaiProcess, rows } from "./cli-helpers.ts";

let persistTo: string;
beforeAll(() => {
  persistTo = freshLocalD1("hikiai-usage-");
});
afterAll(() => closeLocalD1(persistTo));

describe("wrong usage → one line, exit 2", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "no command",
      [],
      /missing command \(one of: sites, origins, keys, webhooks, resources, autoreply, members, login, rules, cron\)/,
    ],
    ["unknown command", ["site"], /unknown command "site"/],
    ["group without subcommand", ["keys"], /"keys" needs a subcommand \(one of: create, list, revoke\)/],
    ["unknown subcommand", ["sites", "delete"], /unknown command "sites delete"/],
    ["unknown option", ["sites", "list", "--verbose"], /unknown option --verbose for "sites list"/],
    ["a value for a flag", ["sites", "list", "--remote=yes"], /--remote takes no value/],
    ["stray argument", ["sites", "create", "--name", "A", "extra"], /unexpected argument "extra"/],
    ["--origin with no value", ["sites", "create", "--name", "A", "--origin"], /--origin needs a value/],
    ["--origin followed by a flag", ["sites", "create", "--origin", "--name", "A"], /--origin needs a value/],
    ["a required option missing", ["sites", "create", "--origin", "https://a.example"], /--name NAME is required/],
    ["an option twice", ["sites", "create", "--name", "A", "--name", "B"], /--name given more than once/],
    ["an empty name", ["sites", "create", "--name", " "], /--name cannot be empty/],
    [
      "origin without scheme",
      ["sites", "create", "--name", "A", "--origin", "acme.example"],
      /did you mean https:\/\/acme.example/,
    ],
    [
      "origin with a path",
      ["sites", "create", "--name", "A", "--origin", "https://acme.example/path/"],
      /not an origin: use https:\/\/acme.example/,
    ],
    ["unknown time zone", ["sites", "create", "--name", "A", "--time-zone", "Asia/Tokio"], /not an IANA time zone/],
    ["nothing to set", ["sites", "set", "--site", "site_demo"], /nothing to change/],
    ["retention out of range", ["sites", "set", "--site", "s", "--retention-months", "0"], /between 1 and 120/],
    ["retention not a number", ["sites", "set", "--site", "s", "--retention-months", "1.5"], /between 1 and 120/],
    ["full URLs neither on nor off", ["sites", "set", "--site", "s", "--full-urls", "yes"], /must be on or off/],
    [
      "form analytics neither on nor off",
      ["sites", "set", "--site", "s", "--form-analytics", "no"],
      /--form-analytics "no" must be on or off/,
    ],
    ["full URLs without a value", ["sites", "set", "--site", "s", "--full-urls"], /--full-urls needs a value/],
    [
      "Turnstile site key without its secret",
      ["sites", "set", "--site", "s", "--turnstile-site-key", "0x4AAAAAAAB1cdEfGhIjKlMn"],
      /--turnstile-site-key and --turnstile-secret go together/,
    ],
    [
      "Turnstile secret without its site key",
      ["sites", "set", "--site", "s", "--turnstile-secret", "0x4AAAAAAAB1cdEfGhIjKlMnOpQrStUvWxYz"],
      /--turnstile-site-key and --turnstile-secret go together/,
    ],
    [
      "Turnstile off and on at once",
      ["sites", "set", "--site", "s", "--turnstile-off", "--turnstile-site-key", "0x4AAAAAAAB1cdEfGhIjKlMn"],
      /--turnstile-off cannot be combined with --turnstile-site-key or --turnstile-secret/,
    ],
    [
      "a Turnstile key that is not one",
      [
        "sites",
        "set",
        "--site",
        "s",
        "--turnstile-site-key",
        "https://dash.cloudflare.com",
        "--turnstile-secret",
        "0x4AAAAAAAsecret",
      ],
      /--turnstile-site-key "https:\/\/dash.cloudflare.com" is not a Turnstile key/,
    ],
    [
      "the same value for both Turnstile keys",
      ["sites", "set", "--site", "s", "--turnstile-site-key", "0x4AAAAAAAB1cd", "--turnstile-secret", "0x4AAAAAAAB1cd"],
      /are the same value/,
    ],
    [
      "--turnstile-off with a value",
      ["sites", "set", "--site", "s", "--turnstile-off=yes"],
      /--turnstile-off takes no value/,
    ],
    ["bad scope", ["keys", "create", "--site", "site_x", "--name", "CRM", "--scope", "admin"], /use read or write/],
    ["--site without a value", ["keys", "list", "--site"], /--site needs a value/],
    ["--remote with --persist", ["sites", "list", "--remote"], /--remote and --persist exclude each other/],
  ];
  for (const [name, args, reason] of cases) {
    it(name, async () => expectUsageError(await hikiai(persistTo, ...args), reason));
  }

  it("an unknown --site is an error (sites, origins, keys), never a new site", async () => {
    const unknown = "site_typo";
    // One command of each kind; they all resolve --site through the same requireSite().
    for (const args of [
      ["sites", "set", "--site", unknown, "--name", "X"],
      ["sites", "disable", "--site", unknown],
      ["origins", "add", "--site", unknown, "--origin", "https://a.example"],
      ["keys", "create", "--site", unknown, "--name", "CRM"],
    ]) {
      expectUsageError(await hikiai(persistTo, ...args), /no site has the key "site_typo"/);
    }
    expect(await rows(persistTo, "SELECT id FROM sites")).toEqual([]);
    expect(await rows(persistTo, "SELECT id FROM api_keys")).toEqual([]);
  }, 120_000);
});

describe("--help", () => {
  it("on the CLI, on each group and on each command, on stdout with exit 0", async () => {
    const main = await hikiai(null, "--help");
    expect(main.status).toBe(0);
    const commands = [...main.stdout.matchAll(/^ {2}(sites|origins|keys|webhooks) (\w+)/gm)].map(
      (m) => [m[1]!, m[2]!] as const,
    );
    expect(commands.map((c) => c.join(" "))).toEqual([
      "sites create",
      "sites list",
      "sites set",
      "sites disable",
      "sites enable",
      "origins add",
      "origins remove",
      "keys create",
      "keys list",
      "keys revoke",
      "webhooks add",
      "webhooks list",
      "webhooks disable",
      "webhooks enable",
      "webhooks remove",
      "webhooks rotate",
    ]);
    for (const group of ["sites", "origins", "keys", "webhooks"]) {
      const run = await hikiai(null, group, "--help");
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`npm run hikiai -- ${group} `);
    }
    for (const [group, name] of commands) {
      // --help wins even next to a wrong option.
      const run = await hikiai(null, group, name, "--bogus", "--help");
      expect(run.status, `${group} ${name}`).toBe(0);
      expect(run.stdout).toContain(`Usage: npm run hikiai -- ${group} ${name}`);
      expect(run.stdout).toContain("Examples:");
      expect(run.stderr).toBe("");
    }
  }, 60_000);
});

describe("through npm run, as a shell sees it", () => {
  it("wrong usage: exit code 2 and the one line on stderr, no stack trace", () => {
    expectUsageError(hikiaiProcess(persistTo, "sites", "create", "--name", "A", "--origin"), /--origin needs a value/);
  });

  it("--help: exit code 0, help on stdout", () => {
    const run = hikiaiProcess(null, "keys", "create", "--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: npm run hikiai -- keys create --site SITE_KEY --name NAME [--scope SCOPE]");
  });
});
