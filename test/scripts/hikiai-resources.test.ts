// `resources …` against a real local D1: what set stores and list prints, and the usage errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateSender } from "../../worker/db/autoreplies.ts";
import { closeLocalD1, expectUsageError, freshLocalD1, hikiai, localD1, rows } from "./cli-helpers.ts";

let persistTo: string;
let site: string;
beforeAll(async () => {
  persistTo = freshLocalD1("hikiai-resources-");
  const res = await hikiai(persistTo, "sites", "create", "--name", "A", "--origin", "https://a.example");
  site = /site key:\s+(site_\w+)/.exec(res.stdout)![1]!;
});
afterAll(() => closeLocalD1(persistTo));

const run = (...args: string[]) => hikiai(persistTo, ...args);
const file = ["--file-url", "https://files.example.jp/wp.pdf"];

describe("resources", () => {
  it("set registers with defaults and replaces; list shows it; remove removes it", async () => {
    const first = await run("resources", "set", "--site", site, "--id", "wp", "--title", "在庫ガイド", ...file);
    expect(first.stdout).toContain(`wp registered on ${site}: "在庫ガイド", delivered on the page.`);
    const mailSet = ["resources", "set", "--site", site, "--id", "wp", "--title", "在庫ガイド", ...file];
    expectUsageError(
      await run(...mailSet, "--delivery", "mail"),
      /--delivery mail: mail needs the site's sender identity, whose senderName is not set/,
    );
    const [row] = await rows<{ id: string }>(persistTo, "SELECT id FROM sites");
    await updateSender(await localD1(persistTo), row!.id, {
      senderName: "Shop",
      fromAddress: "info@a.example",
      replyTo: "team@a.example",
      footerSender: "A Inc.",
      footerContact: "Tokyo",
      footerOptout: "optout@a.example",
    });
    const second = await run(
      "resources",
      "set",
      "--site",
      site,
      "--id",
      "wp",
      "--title",
      "在庫ガイド",
      ...file,
      "--delivery",
      "mail",
      "--link-days",
      "3",
    );
    expect(second.stdout).toContain(
      `wp updated on ${site}: "在庫ガイド", delivered by mail (a link that works 3 days, 5 times).`,
    );
    expect(await rows(persistTo, "SELECT resource_id, delivery, link_days, link_uses FROM resources")).toEqual([
      { resource_id: "wp", delivery: "mail", link_days: 3, link_uses: 5 },
    ]);
    const list = await run("resources", "list", "--site", site);
    expect(list.stdout).toMatch(/^ID +TITLE +DELIVERY +LINK +UPDATED +FILE$/m);
    expect(list.stdout).toMatch(/^wp +在庫ガイド +mail +3 days, 5 uses .+ https:\/\/files\.example\.jp\/wp\.pdf$/m);
    expect((await run("resources", "remove", "--site", site, "--id", "wp")).stdout).toContain(
      `wp removed from ${site}.`,
    );
    expect(await rows(persistTo, "SELECT * FROM resources")).toEqual([]);
  });

  it("misuse is one line and exit code 2", async () => {
    const set = (...more: string[]) => run("resources", "set", "--site", site, "--id", "wp", "--title", "T", ...more);
    expectUsageError(
      await set("--file-url", "ftp://x.example/f"),
      /--file-url "ftp:\/\/x.example\/f" must start with https:\/\//,
    );
    expectUsageError(await set(...file, "--delivery", "fax"), /--delivery "fax" is not a delivery: use page/);
    expectUsageError(await set(...file, "--link-uses", "0"), /--link-uses "0" must be a whole number from 1 to 100/);
    expectUsageError(await run("resources", "remove", "--site", site, "--id", "nope"), /has no resource "nope"/);
  });
});
