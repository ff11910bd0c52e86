import { expect, it } from "vitest";
import { normaliseEmail } from "../../shared/email.ts";
import { EmailSchema } from "../../shared/schemas.ts";

it("normalises full-width, upper-case and padded input to one address", () => {
  for (const raw of [
    "taro@example.jp",
    " Taro@Example.JP ",
    "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ",
    "\u3000ＴＡＲＯ@example.jp\u3000",
  ]) {
    expect(normaliseEmail(raw)).toBe("taro@example.jp");
  }
});

it("the e-mail schema accepts what normalises to an address and rejects the rest", () => {
  expect(EmailSchema.parse("ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐ")).toBe("hanako@example.co.jp");
  expect(EmailSchema.safeParse("山田@").success).toBe(false);
  expect(EmailSchema.safeParse("   ").success).toBe(false);
});
