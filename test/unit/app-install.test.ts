import { describe, expect, it } from "vitest";
import { refusalAdvice } from "../../app/views/install/refusal-advice.ts";
import { embedSnippet, tagManagerSnippet } from "../../app/views/install/snippet.ts";

describe("install snippets", () => {
  it("the head tag is the README's recommended one: async, render-blocking, privacy link", () => {
    expect(embedSnippet("https://c.example", "site_abc")).toBe(
      '<script src="https://c.example/w.js" data-site="site_abc" data-privacy-url="/privacy" async blocking="render"></script>',
    );
  });

  it("the tag manager version creates the same script element with its data attributes", () => {
    const tag = tagManagerSnippet("https://c.example", "site_abc");
    expect(tag).toContain('s.src = "https://c.example/w.js"');
    expect(tag).toContain('s.setAttribute("data-site", "site_abc")');
    expect(tag.startsWith("<script>") && tag.endsWith("</script>")).toBe(true);
  });
});

describe("refused submissions, worded as what to fix", () => {
  it("origin not allowed: count, origin, reason, the fix", () => {
    const en = refusalAdvice({ origin: "https://www.acme.example", code: "origin_not_allowed", count: 37 }, "en");
    expect(en.summary).toBe("37 submissions refused from https://www.acme.example: origin not allowed");
    expect(en.fix).toContain("origins add");
    const ja = refusalAdvice({ origin: "https://www.acme.example", code: "origin_not_allowed", count: 37 }, "ja");
    expect(ja.summary).toBe(
      "https://www.acme.example からの送信 37 件を受け付けませんでした: 許可されていないオリジン",
    );
  });

  it("one submission without an Origin header, and an unlisted code named as it is", () => {
    const en = refusalAdvice({ origin: null, code: "invalid_body", count: 1 }, "en");
    expect(en.summary).toBe("1 submission refused without an Origin header: invalid submission (invalid_body)");
  });
});

describe("the install view and the CLI agree", () => {
  it("the head tag is the one `sites create` prints", async () => {
    const { embedTag } = await import("../../scripts/cli/site-commands.ts");
    expect(embedSnippet("https://YOUR-COLLECTOR", "site_abc")).toBe(embedTag("site_abc"));
    // Importing the CLI's module graph can take seconds on a loaded machine.
  }, 30_000);
});
