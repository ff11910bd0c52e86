import { describe, expect, it } from "vitest";
import { addressKey } from "../../worker/lib/address-key.ts";

describe("addressKey: what a per-address rate limit counts", () => {
  it("an IPv4 address is its own key", () => {
    expect(addressKey("198.51.100.23")).toBe("198.51.100.23");
    expect(addressKey("198.51.100.24")).toBe("198.51.100.24");
  });

  it("every IPv6 address of one /64 has the same key, however it is written", () => {
    const keys = [
      "2001:db8:1:2::1",
      "2001:db8:1:2:ffff:ffff:ffff:fffe",
      "2001:0DB8:0001:0002:abcd:0:0:1",
      "2001:db8:1:2:a:b:c:d",
      "2001:db8:1:2::192.0.2.1",
    ].map(addressKey);
    expect(new Set(keys)).toEqual(new Set(["2001:db8:1:2::/64"]));
  });

  it("another /64, also inside the same /56, is another key", () => {
    expect(addressKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
  });

  it("an IPv4-mapped IPv6 address counts as the IPv4 address", () => {
    expect(addressKey("::ffff:198.51.100.23")).toBe("198.51.100.23");
    expect(addressKey("::ffff:c633:6417")).toBe("198.51.100.23");
  });

  it("a value that is not an address is returned unchanged", () => {
    for (const odd of ["2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "2001:db8:zz::1", "", "unknown"]) {
      expect(addressKey(odd)).toBe(odd);
    }
  });
});
