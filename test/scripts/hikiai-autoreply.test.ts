// `autoreply …` against a real local D1: show, set (sender identity, a form's auto-reply), preview,
// the same refusals as the team API, and one-line usage errors.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeLocalD1, createSite, expectUsageError, freshLocalD1, hikiai, hikiaiOk, rows } from "./cli-helpers.ts";

const persistTo = freshLocalD1("hikiai-autoreply-");
let site: string;
beforeAll(async () => {
  site = await createSite(persistTo, "Shop");
});
afterAll(() => closeLocalD1(persistTo));

const run = (...args: string[]) => hikiai(persistTo, ...args);
const ok = (...args: string[]) => hikiaiOk(persistTo, ...args);

const SENDER = [
  "--sender-name",
  "サンプル商事",
  "--from",
  "info@mail.example.jp",
  "--reply-to",
  "sales@example.jp",
  "--footer-sender",
  "サンプル商事株式会社",
  "--footer-contact",
  "東京都千代田区1-1",
];

describe("autoreply", () => {
  it("set the sender identity and a form's auto-reply (a body from a file), show them, preview with sample data", async () => {
    const before = await ok("autoreply", "show", "--site", site);
    expect(before).toMatch(/^ +sender name +\(not set\)$/m);
    expect(before).toMatch(/^demo +off +default\/default +\(default\) \| \(default\)$/m);

    expect(await ok("autoreply", "set", "--site", site, ...SENDER, "--hourly-cap", "20")).toContain(
      `Sender identity of ${site} updated (still incomplete: --footer-optout).`,
    );
    expectUsageError(
      await run("autoreply", "set", "--site", site, "--kind", "demo", "--on"),
      /--on needs the whole sender identity: --footer-optout is not set/,
    );
    const body = join(persistTo, "demo-ja.txt");
    writeFileSync(body, "{{name}} 様\nデモのお申し込みを受け付けました。");
    const set = await ok(
      "autoreply",
      "set",
      "--site",
      site,
      "--footer-optout",
      "optout@example.jp",
      "--kind",
      "demo",
      "--on",
      "--subject-ja",
      "【{{siteName}}】受付",
      "--text-ja-file",
      body,
    );
    expect(set).toContain(`Sender identity of ${site} updated.`);
    expect(set).toContain(`Auto-reply demo of ${site}: on.`);
    expect(
      await rows(persistTo, "SELECT form_kind, resource_id, enabled, subject_ja, text_ja, subject_en FROM autoreplies"),
    ).toEqual([
      {
        form_kind: "demo",
        resource_id: "",
        enabled: 1,
        subject_ja: "【{{siteName}}】受付",
        text_ja: "{{name}} 様\nデモのお申し込みを受け付けました。",
        subject_en: null,
      },
    ]);

    const shown = await ok("autoreply", "show", "--site", site);
    expect(shown).toMatch(/^ +from +info@mail\.example\.jp$/m);
    expect(shown).toMatch(/^ +hourly cap +20 mails$/m);
    expect(shown).toMatch(/^demo +on +custom\/default +【\{\{siteName\}\}】受付 \| \(default\)$/m);
    const json = JSON.parse(await ok("autoreply", "show", "--site", site, "--json"));
    expect(json.sender).toMatchObject({ footerOptout: "optout@example.jp", hourlyCap: 20 });

    const preview = await ok("autoreply", "preview", "--site", site, "--kind", "demo");
    expect(preview).toContain("From: サンプル商事 <info@mail.example.jp>");
    expect(preview).toContain("Subject: 【Shop】受付");
    expect(preview).toContain("山田 太郎 様\nデモのお申し込みを受け付けました。");
    expect(preview).toContain("サンプル商事株式会社");
    const tried = await ok(
      "autoreply",
      "preview",
      "--site",
      site,
      "--kind",
      "demo",
      "--lang",
      "en",
      "--subject",
      "Hi {{name}}",
    );
    expect(tried).toContain("Subject: Hi Alex Smith");

    // While the demo auto-reply is on, the identity cannot lose a field (the API's 422).
    expectUsageError(
      await run("autoreply", "set", "--site", site, "--from", ""),
      /--from is required while an auto-reply is on/,
    );
    await ok("autoreply", "set", "--site", site, "--kind", "demo", "--off");
  });

  it("the identity cannot lose a field while a resource is delivered by mail", async () => {
    await ok("autoreply", "set", "--site", site, ...SENDER, "--footer-optout", "optout@example.jp");
    await ok(
      "resources",
      "set",
      "--site",
      site,
      "--id",
      "guide",
      "--title",
      "ガイド",
      "--file-url",
      "https://files.example.jp/g.pdf",
      "--delivery",
      "mail",
    );
    expectUsageError(
      await run("autoreply", "set", "--site", site, "--reply-to", ""),
      /--reply-to is required while resource guide is delivered by mail; set its delivery to page first/,
    );
    await ok("resources", "remove", "--site", site, "--id", "guide");
  });

  it("misuse is one line and exit code 2", async () => {
    const set = (...more: string[]) => run("autoreply", "set", "--site", site, ...more);
    expectUsageError(await set(), /nothing to change: give a sender option, or --kind/);
    expectUsageError(await set("--on"), /--on, --off and the texts need --kind/);
    expectUsageError(await set("--kind", "fax", "--on"), /--kind "fax" is not a form kind: use download, demo/);
    expectUsageError(await set("--kind", "demo", "--on", "--off"), /--on and --off exclude each other/);
    expectUsageError(await set("--kind", "demo", "--resource", "g", "--on"), /--resource is for --kind download only/);
    expectUsageError(await set("--from", "not-an-address"), /--from must be an e-mail address/);
    expectUsageError(await set("--hourly-cap", "0"), /--hourly-cap must be at least 1/);
    expectUsageError(await set("--kind", "demo", "--subject-en", "Hi {{nam}}"), /--subject-en .*nam/);
    expectUsageError(
      await set("--kind", "demo", "--text-ja-file", join(persistTo, "missing.txt")),
      /--text-ja-file ".*missing\.txt" cannot be read \(ENOENT\)/,
    );
    expectUsageError(await run("autoreply", "preview", "--site", site), /--kind KIND is required/);
    expectUsageError(
      await run("autoreply", "preview", "--site", site, "--kind", "demo", "--lang", "fr"),
      /--lang must be one of ja, en/,
    );
    expectUsageError(await run("autoreply", "show", "--site", "site_nope"), /no site has the key "site_nope"/);
  });
});
