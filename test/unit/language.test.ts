import { describe, expect, it } from "vitest";
import { pickLang } from "../../widget/forms/lang.ts";

describe("pickLang", () => {
  it("follows data-lang on the element before anything else", () => {
    expect(pickLang("en", "ja", "ja", "ja-JP")).toBe("en");
    expect(pickLang("ja", "en", "en", "en-US")).toBe("ja");
  });

  it("then data-lang on the script tag", () => {
    expect(pickLang(undefined, "en", "ja", "ja-JP")).toBe("en");
    expect(pickLang(null, "ja-JP", "en", "en-US")).toBe("ja");
  });

  it("then a Japanese page", () => {
    expect(pickLang(undefined, undefined, "ja", "en-US")).toBe("ja");
    expect(pickLang(undefined, undefined, "ja-JP", "en-US")).toBe("ja");
  });

  it("then a Japanese browser", () => {
    expect(pickLang(undefined, undefined, "", "ja")).toBe("ja");
    expect(pickLang(undefined, undefined, "en", "ja-JP")).toBe("ja");
  });

  it("falls back to English", () => {
    expect(pickLang(undefined, undefined, "", "en-US")).toBe("en");
    expect(pickLang(undefined, undefined, "fr", "de-DE")).toBe("en");
    expect(pickLang("", "", "", "")).toBe("en");
  });

  it("treats an explicit non-Japanese data-lang as English", () => {
    expect(pickLang("fr", undefined, "ja", "ja")).toBe("en");
  });

  it("is case-insensitive", () => {
    expect(pickLang("JA", undefined, undefined, undefined)).toBe("ja");
  });
});
