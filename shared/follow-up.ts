// Following an inquiry up: the status workflow (status-transitions.ts, without zod so the
// dashboard can import it) and the PATCH body. Shared so the worker enforces the same table the
// OpenAPI document, docs/api.md and the dashboard's status control use.
import * as z from "zod/mini";
import { INQUIRY_STATUSES } from "./schemas.ts";

export { canMove, STATUS_TRANSITIONS } from "./status-transitions.ts";

export const FOLLOW_UP_LIMITS = { assignee: 100, note: 2000 } as const;

/** A text that `null` or "" clears. */
const clearable = (max: number) =>
  z.optional(
    z.nullable(
      z.pipe(
        z.string().check(z.trim(), z.maxLength(max)),
        z.transform((v) => v || null),
      ),
    ),
  );

/** PATCH /v1/inquiries/:id: any of the three; unknown fields are a 400. */
export const InquiryPatchSchema = z
  .strictObject({
    status: z.optional(z.enum(INQUIRY_STATUSES)),
    /** Who follows it up (a name or e-mail); null or "" unassigns. */
    assignee: clearable(FOLLOW_UP_LIMITS.assignee),
    /** Free text for the team; null or "" clears it. */
    note: clearable(FOLLOW_UP_LIMITS.note),
  })
  .check(
    z.superRefine((body, ctx) => {
      if (body.status === undefined && body.assignee === undefined && body.note === undefined)
        ctx.issues.push({ code: "custom", input: body, message: "send at least one of status, assignee, note" });
    }),
  );
export type InquiryPatch = z.infer<typeof InquiryPatchSchema>;
