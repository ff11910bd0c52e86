import { describe, expect, it } from "vitest";
import { SubmissionIdSchema } from "../../shared/schemas.ts";
import { newSubmissionId, uuidFromBytes } from "../../widget/forms/submission-id.ts";

describe("submission ids", () => {
  it("builds a v4 UUID the server accepts from any 16 bytes", () => {
    for (const fill of [0x00, 0xff, 0x5a]) {
      const id = uuidFromBytes(new Uint8Array(16).fill(fill));
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(SubmissionIdSchema.safeParse(id).success).toBe(true);
    }
  });

  it("makes a different valid id each time", () => {
    const a = newSubmissionId();
    expect(SubmissionIdSchema.safeParse(a).success).toBe(true);
    expect(newSubmissionId()).not.toBe(a);
  });
});
