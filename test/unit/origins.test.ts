import { describe, expect, it } from "vitest";
import { normaliseOrigin, OriginError } from "../../scripts/cli/origins.ts";
import { canonicalTimeZone } from "../../scripts/cli/time-zone.ts";
import { allowListTakes } from "../../worker/lib/allow-list.ts";

describe("normaliseOrigin", () => {
  it("gives the browser's Origin form: lower-case host, no default port, no trailing slash", () => {
    expect(normaliseOrigin("https://acme.example")).toBe("https://acme.example");
    expect(normaliseOrigin(" HTTPS://WWW.Acme.Example/ ")).toBe("https://www.acme.example");
    expect(normaliseOrigin("https://acme.example:443")).toBe("https://acme.example");
    expect(normaliseOrigin("http://localhost:5174/")).toBe("http://localhost:5174");
    expect(normaliseOrigin("https://例え.jp")).toBe("https://xn--r8jz45g.jp");
  });

  it('keeps "*" only when given explicitly', () => {
    expect(normaliseOrigin("*")).toBe("*");
    expect(() => normaliseOrigin("")).toThrow(OriginError);
  });

  it("refuses an origin without scheme, with the fix", () => {
    expect(() => normaliseOrigin("acme.example")).toThrow(
      '"acme.example" has no scheme: did you mean https://acme.example ?',
    );
    expect(() => normaliseOrigin("localhost:5173")).toThrow("did you mean https://localhost:5173");
  });

  it("refuses a page address (path, query, fragment, credentials), naming the origin to use", () => {
    for (const input of [
      "https://acme.example/path/",
      "https://acme.example/contact",
      "https://acme.example/?a=1",
      "https://acme.example/#top",
      "https://user:pw@acme.example",
    ]) {
      expect(() => normaliseOrigin(input), input).toThrow("use https://acme.example (scheme and host only)");
    }
  });

  it("refuses other schemes and non-URLs", () => {
    expect(() => normaliseOrigin("ftp://acme.example")).toThrow("must start with https:// or http://");
    expect(() => normaliseOrigin("https://")).toThrow("is not a URL");
  });
});

describe("canonicalTimeZone", () => {
  it("accepts IANA zones in any case and returns the canonical name", () => {
    expect(canonicalTimeZone("Asia/Tokyo")).toBe("Asia/Tokyo");
    expect(canonicalTimeZone("america/new_york")).toBe("America/New_York");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
  });

  it("refuses unknown zones and bare offsets", () => {
    expect(canonicalTimeZone("Mars/Base")).toBeNull();
    expect(canonicalTimeZone("+09:00")).toBeNull();
    expect(canonicalTimeZone("")).toBeNull();
  });
});

describe("allowListTakes", () => {
  const list = ["https://acme.example", "http://localhost:5174"];

  it("takes an origin listed as it is, and no other", () => {
    expect(allowListTakes(list, "https://acme.example")).toBe(true);
    expect(allowListTakes(list, "http://localhost:5174")).toBe(true);
    expect(allowListTakes(list, "https://evil.example")).toBe(false);
    expect(allowListTakes(list, "http://acme.example")).toBe(false);
    expect(allowListTakes(list, "https://www.acme.example")).toBe(false);
    expect(allowListTakes([], "https://acme.example")).toBe(false);
  });

  it('takes any origin when the list holds "*"', () => {
    expect(allowListTakes(["*"], "https://evil.example")).toBe(true);
    expect(allowListTakes([...list, "*"], "https://evil.example")).toBe(true);
  });
});
