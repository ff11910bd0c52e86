// `rules …` against a real local D1: add, list, move, remove, test, and one-line usage errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeLocalD1, expectUsageError, freshLocalD1, hikiai } from "./cli-helpers.ts";

let persistTo: string;
let site: string;
beforeAll(async () => {
  persistTo = freshLocalD1("hikiai-rules-");
  const res = await hikiai(persistTo, "sites", "create", "--name", "A", "--origin", "https://a.example");
  site = /site key:\s+(site_\w+)/.exec(res.stdout)![1]!;
  for (const who of ["aoki", "baba"]) {
    await hikiai(persistTo, "members", "add", "--site", site, "--email", `${who}@team.example`, "--role", "member");
  }
});
afterAll(() => closeLocalD1(persistTo));

const run = (...args: string[]) => hikiai(persistTo, ...args);
async function ok(...args: string[]) {
  const res = await run(...args);
  expect(res.status, res.stderr).toBe(0);
  return res.stdout;
}

describe("rules", () => {
  it("add, list, move, test, remove", async () => {
    expect(
      await ok(
        "rules",
        "add",
        "--site",
        site,
        "--domain",
        "toyota.co.jp",
        "--member",
        "aoki@team.example",
        "--name",
        "Toyota",
      ),
    ).toContain("Rule 1 added");
    await ok(
      "rules",
      "add",
      "--site",
      site,
      "--kind",
      "demo",
      "--round-robin",
      "--member",
      "aoki@team.example",
      "--member",
      "baba@team.example",
    );
    await ok("rules", "move", "--site", site, "--rule", "2", "--to", "1");
    const list = await ok("rules", "list", "--site", site);
    expect(list).toMatch(/^1 +kind demo +round robin aoki@team\.example, baba@team\.example +0$/m);
    expect(list).toMatch(/^2 +Toyota +domain toyota\.co\.jp +assign aoki@team\.example +0$/m);

    const test = await ok("rules", "test", "--site", site, "--kind", "quote", "--email", "hanako@sales.toyota.co.jp");
    expect(test).toContain("rule 1: no — kind is quote, not demo");
    expect(test).toContain("rule 2: MATCHES");
    expect(test).toContain("→ rule 2 assigns it to aoki@team.example.");

    await ok("rules", "remove", "--site", site, "--rule", "1");
    const none = await ok("rules", "test", "--site", site, "--kind", "demo", "--email", "x@other.example");
    expect(none).toContain("No rule matches");
  });

  it("misuse is one line and exit code 2", async () => {
    expectUsageError(
      await run("rules", "add", "--site", site, "--member", "who@else.example"),
      /--member who@else\.example: not a member/,
    );
    expectUsageError(
      await run("rules", "add", "--site", site, "--member", "aoki@team.example", "--member", "baba@team.example"),
      /--member .*exactly one member; use round_robin/,
    );
    expectUsageError(
      await run("rules", "add", "--site", site, "--kind", "call", "--member", "aoki@team.example"),
      /--kind /,
    );
    expectUsageError(await run("rules", "move", "--site", site, "--rule", "9", "--to", "1"), /--rule 9: .* has 1 rule/);
    expectUsageError(
      await run("rules", "test", "--site", site, "--kind", "demo", "--email", "nope"),
      /--email must be an e-mail address/,
    );
  });
});
