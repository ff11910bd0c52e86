import { describe, expect, it } from "vitest";
import { systemSender } from "../../worker/mail/system-sender.ts";

describe("MAIL_FROM, the deployment's sender", () => {
  it("reads `Name <address>`, a quoted name and a bare address", () => {
    expect(systemSender({ MAIL_FROM: "hikiai <no-reply@mail.example.jp>" })).toEqual({
      email: "no-reply@mail.example.jp",
      name: "hikiai",
    });
    expect(systemSender({ MAIL_FROM: '"ACME 営業" <sales@acme.example>' })).toEqual({
      email: "sales@acme.example",
      name: "ACME 営業",
    });
    expect(systemSender({ MAIL_FROM: " no-reply@acme.example " })).toEqual({ email: "no-reply@acme.example" });
  });

  it("is null when unset, empty or not an address (nothing is sent from it)", () => {
    for (const MAIL_FROM of ["", "hikiai", "hikiai <>", "hikiai <not an address>"]) {
      expect(systemSender({ MAIL_FROM })).toBeNull();
    }
    expect(systemSender({} as { MAIL_FROM: string })).toBeNull();
  });
});
