import { describe, expect, it } from "vitest";
import { InquirySubmissionSchema, LeadSubmissionSchema } from "../../shared/schemas.ts";
import { clientFieldErrors, placeErrors, serverFieldErrors } from "../../widget/forms/field-errors.ts";
import { buildBody, endpointFor } from "../../widget/forms/form-spec.ts";

const context = { pageUrl: "https://example.jp/" };
const id = "0f8fad5b-d9cb-469f-a165-70867728950e";

const leadErrors = (email: string, lang: "ja" | "en" = "ja") => {
  const result = LeadSubmissionSchema.safeParse(buildBody("lead", { email }, id, context, "whitepaper-2026"));
  return result.success ? {} : clientFieldErrors(result.error.issues, lang);
};

describe("client-side field errors", () => {
  it("says in Japanese that a malformed address is malformed", () => {
    expect(leadErrors("taro@")).toEqual({ email: "メールアドレスの形式が正しくありません" });
  });

  it("asks for a missing address, also when it is only spaces", () => {
    expect(leadErrors("")).toEqual({ email: "入力してください" });
    expect(leadErrors("　 ")).toEqual({ email: "入力してください" });
  });

  it("speaks English on an English form", () => {
    expect(leadErrors("taro@", "en")).toEqual({ email: "Please enter a valid e-mail address" });
  });

  it("accepts a full-width address and sends it normalised", () => {
    const result = LeadSubmissionSchema.safeParse(
      buildBody("lead", { email: "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ" }, id, context, "whitepaper-2026"),
    );
    expect(result.success && result.data.email).toBe("taro@example.jp");
  });

  it("requires a message for a quote but not for a demo", () => {
    const quote = InquirySubmissionSchema.safeParse(buildBody("quote", { email: "a@b.jp", message: " " }, id, context));
    expect(quote.success ? {} : clientFieldErrors(quote.error.issues, "ja")).toEqual({ message: "入力してください" });
    const demo = InquirySubmissionSchema.safeParse(buildBody("demo", { email: "a@b.jp", message: "" }, id, context));
    expect(demo.success).toBe(true);
  });

  it("shows a kind of problem the forms' texts do not name as the generic one", () => {
    const issues = [{ code: "invalid_format", format: "url", path: ["website"], message: "", input: "x" }] as const;
    expect(clientFieldErrors(issues as never, "ja")).toEqual({ website: "入力内容が正しくありません" });
    expect(clientFieldErrors(issues as never, "en")).toEqual({ website: "This value is not valid" });
  });

  it("reports a too long name per field", () => {
    const result = LeadSubmissionSchema.safeParse(
      buildBody("lead", { email: "a@b.jp", name: "山".repeat(201) }, id, context, "r"),
    );
    expect(result.success ? {} : clientFieldErrors(result.error.issues, "ja")).toEqual({ name: "文字数が多すぎます" });
  });
});

describe("the schema each form validates with", () => {
  // The chunk checks a form with its kind's schema alone; it must judge what the visitor typed as
  // the worker's union does.
  it.each([
    ["demo", { email: "a@b.jp" }, true],
    ["quote", { email: "a@b.jp", message: " " }, false],
    ["contact", { email: "a@b.jp", message: "質問" }, true],
    ["contact", { email: "a@", message: "質問" }, false],
  ] as const)("%s %j: valid %s", (kind, values, valid) => {
    const body = buildBody(kind, values, id, context);
    expect(endpointFor(kind).schema.safeParse(body).success).toBe(valid);
    expect(InquirySubmissionSchema.safeParse(body).success).toBe(valid);
  });
});

describe("server field errors", () => {
  it("names each field the server refused, in the visitor's language", () => {
    expect(serverFieldErrors({ email: "must be an e-mail address", message: "is required" }, "ja")).toEqual({
      email: "入力内容が正しくありません",
      message: "入力内容が正しくありません",
    });
    expect(serverFieldErrors({ email: "is too long" }, "en")).toEqual({ email: "This value is not valid" });
    expect(serverFieldErrors(undefined, "en")).toEqual({});
  });
});

describe("placeErrors", () => {
  it("puts errors of visible fields beside them and flags the rest", () => {
    expect(placeErrors({ email: "x", "context.pageUrl": "y" }, ["email", "name"])).toEqual({
      byField: { email: "x" },
      other: true,
    });
    expect(placeErrors({ name: "x" }, ["email", "name"])).toEqual({ byField: { name: "x" }, other: false });
  });
});

describe("buildBody", () => {
  it("leaves empty optional fields out and keeps the kind", () => {
    expect(
      buildBody("demo", { email: "a@b.jp", name: "", company: " ", preferredTime: "火曜午後" }, id, context),
    ).toEqual({
      submissionId: id,
      context,
      email: "a@b.jp",
      preferredTime: "火曜午後",
      kind: "demo",
    });
  });

  it("sends preferredTime only for a demo", () => {
    expect(buildBody("contact", { email: "a@b.jp", preferredTime: "x", message: "m" }, id, context)).not.toHaveProperty(
      "preferredTime",
    );
  });
});
