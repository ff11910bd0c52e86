import { expect, it } from "vitest";
import { mailboxKey, normaliseEmail } from "../../shared/email.ts";
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

it("mailboxKey: the inbox an address reaches drops a sub-address, and Gmail's dots", () => {
  expect(mailboxKey("taro+news@example.jp")).toBe("taro@example.jp");
  expect(mailboxKey("ta.ro+a+b@gmail.com")).toBe("taro@gmail.com");
  expect(mailboxKey("t.aro@googlemail.com")).toBe("taro@gmail.com");
  // Dots matter elsewhere; a leading "+" is the name itself; a "+" in the domain is not a sub-address.
  expect(mailboxKey("ta.ro@example.jp")).toBe("ta.ro@example.jp");
  expect(mailboxKey("+taro@example.jp")).toBe("+taro@example.jp");
  expect(mailboxKey("taro@ex+ample.jp")).toBe("taro@ex+ample.jp");
});
