import { describe, expect, it } from "vitest";
import { bodyHash, inquiryDedupeKey, sha256Hex } from "../../worker/lib/body-hash.ts";
import { inquiryBody } from "./helpers.ts";

// Stored rows keep these hashes (submissions.body_hash, inquiries.dedupe_key): a retry or a repeat
// sent after a deploy must hash as it did when its first copy was stored, with crypto.subtle.
async function subtleHex(text: string) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

describe("submission hashes", () => {
  it("are SHA-256 as lower-case hex, as stored rows have them", async () => {
    for (const text of ["", "abc", "見積をお願いします 😀", "x".repeat(10_000)]) {
      expect(sha256Hex(text)).toBe(await subtleHex(text));
    }
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("fingerprint the body without its Turnstile token, and the inquiry by what the visitor typed", async () => {
    const body = { ...inquiryBody({ name: "山田 花子", message: "見積を" }), turnstileToken: "tok" };
    const { turnstileToken: _, ...rest } = body;
    expect(bodyHash(body)).toBe(await subtleHex(JSON.stringify(rest)));
    expect(bodyHash({ ...body, turnstileToken: "renewed" })).toBe(bodyHash(body));
    expect(inquiryDedupeKey(body as never)).toBe(
      await subtleHex(JSON.stringify(["見積を", "平日午後", "山田 花子", "株式会社サンプル"])),
    );
  });
});
