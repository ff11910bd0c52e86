import { describe, expect, it } from "vitest";
import { storedUrl } from "../../worker/lib/url-policy.ts";

const stored = (raw: string, full = false) => storedUrl(new URL(raw), full);

describe("storedUrl", () => {
  it("keeps a URL with nothing to drop as the URL parser writes it", () => {
    expect(stored("https://a.jp/p")).toBe("https://a.jp/p");
    expect(stored("HTTPS://A.JP/日本?utm_source=ad")).toBe("https://a.jp/%E6%97%A5%E6%9C%AC?utm_source=ad");
    expect(stored("https://a.jp/p?utm_source=ad&gclid=1")).toBe("https://a.jp/p?utm_source=ad&gclid=1");
  });

  it("drops parameters other than UTM and click ids, the fragment and user info", () => {
    expect(stored("https://u:pw@a.jp/p?email=x&utm_source=ad#top")).toBe("https://a.jp/p?utm_source=ad");
    expect(stored("https://a.jp/p?email=x")).toBe("https://a.jp/p");
    expect(stored("https://a.jp/p?utm_source=ad#x?y")).toBe("https://a.jp/p?utm_source=ad");
    expect(stored("https://a.jp/p#frag?utm_source=ad")).toBe("https://a.jp/p");
  });

  it("drops an empty query or fragment too", () => {
    expect(stored("https://a.jp/p?")).toBe("https://a.jp/p");
    expect(stored("https://a.jp/p#")).toBe("https://a.jp/p");
    expect(stored("https://a.jp/p?#")).toBe("https://a.jp/p");
    expect(stored("https://a.jp/p?utm_source=ad&")).toBe("https://a.jp/p?utm_source=ad");
  });

  it("writes the kept parameters as a form would (spaces as +)", () => {
    expect(stored("https://a.jp/p?utm_source=a%20b&x=1")).toBe("https://a.jp/p?utm_source=a+b");
    expect(stored("https://a.jp/p?utm_source=a%20b")).toBe("https://a.jp/p?utm_source=a+b");
  });

  it("keeps everything but user info for a site that opted in to full URLs", () => {
    expect(stored("https://u:pw@a.jp/p?email=x#top", true)).toBe("https://a.jp/p?email=x#top");
    expect(stored("https://a.jp/p?email=x#top", true)).toBe("https://a.jp/p?email=x#top");
  });
});
