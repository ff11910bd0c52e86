import { describe, expect, it } from "vitest";
import { API_KEY_PATTERN, apiKeyFormatProblem, crc32, newApiKey } from "../../worker/lib/keys.ts";

describe("API key format (prefix + base62 + CRC32)", () => {
  it("CRC32 is the standard one (check value of '123456789')", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32("")).toBe(0);
  });

  it("new keys are hk_live_ + 36 base62 characters with a valid checksum, and all different", () => {
    const keys = Array.from({ length: 2000 }, newApiKey);
    for (const key of keys) {
      expect(key).toMatch(API_KEY_PATTERN);
      expect(apiKeyFormatProblem(key)).toBeNull();
    }
    expect(new Set(keys).size).toBe(keys.length);
    // Every base62 character shows up in the random part: the alphabet is used in full.
    const used = new Set(keys.flatMap((k) => [...k.slice(8, 38)]));
    expect(used.size).toBe(62);
  });

  it("any single mistyped character of the random part or the checksum is caught", () => {
    const key = newApiKey();
    for (let i = "hk_live_".length; i < key.length; i++) {
      for (const c of ["0", "a", "Z"]) {
        if (key[i] === c) continue;
        const typo = key.slice(0, i) + c + key.slice(i + 1);
        expect(apiKeyFormatProblem(typo), typo).toBe("has a wrong checksum: the key was mistyped or cut short");
      }
    }
  });

  it("names the problem of a malformed key", () => {
    const key = newApiKey();
    const notOurs = "is not a hikiai API key: expected hk_live_ followed by 36 letters and digits";
    expect(apiKeyFormatProblem(key.slice(0, -1))).toBe(notOurs);
    expect(apiKeyFormatProblem(`${key}x`)).toBe(notOurs);
    expect(apiKeyFormatProblem(key.replace("hk_live_", "hk_test_"))).toBe(notOurs);
    expect(apiKeyFormatProblem("ghp_0123456789abcdefghijABCDEFGHIJ012345")).toBe(notOurs);
    expect(apiKeyFormatProblem(`${key.slice(0, 20)}-${key.slice(21)}`)).toBe(notOurs);
  });

  it("keys of the earlier format (hk_ + 48 hex) stay well-formed", () => {
    expect(apiKeyFormatProblem(`hk_${"0123456789abcdef".repeat(3)}`)).toBeNull();
    expect(apiKeyFormatProblem(`hk_${"0123456789ABCDEF".repeat(3)}`)).not.toBeNull();
  });
});
