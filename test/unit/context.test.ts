import { describe, expect, it } from "vitest";
import { ContextSchema, LIMITS } from "../../shared/schemas.ts";
import { pageContext } from "../../widget/forms/context.ts";

describe("pageContext", () => {
  it("reads the five UTM parameters from the query string", () => {
    const href =
      "https://example.jp/lp?utm_source=google&utm_medium=cpc&utm_campaign=%E6%98%A5%E3%81%AE%E3%82%BB%E3%83%9F%E3%83%8A%E3%83%BC&utm_term=%E5%9C%A8%E5%BA%AB&utm_content=banner-a&gclid=x";
    expect(pageContext(href, "", "ja").utm).toEqual({
      source: "google",
      medium: "cpc",
      campaign: "春のセミナー",
      term: "在庫",
      content: "banner-a",
    });
  });

  it("leaves utm out when there is none, and skips empty or blank ones", () => {
    expect(pageContext("https://example.jp/?q=1", "", undefined).utm).toBeUndefined();
    expect(pageContext("https://example.jp/?utm_source=&utm_medium=+&utm_campaign=x", "", undefined).utm).toEqual({
      campaign: "x",
    });
  });

  it("keeps page URL, referrer and locale", () => {
    expect(pageContext("https://example.jp/a#b", "https://www.google.com/", "ja-JP")).toEqual({
      pageUrl: "https://example.jp/a#b",
      referrer: "https://www.google.com/",
      locale: "ja-JP",
      utm: undefined,
    });
  });

  it("leaves an empty referrer out", () => {
    expect(pageContext("https://example.jp/", "", "en").referrer).toBeUndefined();
  });

  it("clips everything to the schema limits, so the context always validates", () => {
    const longQuery = `https://example.jp/path?junk=${"x".repeat(3000)}&utm_source=${"s".repeat(500)}`;
    const context = pageContext(longQuery, `https://ref.example/${"r".repeat(3000)}`, "x".repeat(50));
    expect(context.pageUrl).toBe("https://example.jp/path");
    expect(context.referrer).toHaveLength(LIMITS.url);
    expect(context.locale).toHaveLength(LIMITS.locale);
    expect(context.utm?.source).toHaveLength(LIMITS.utm);
    expect(ContextSchema.safeParse(context).success).toBe(true);
  });
});
