// Following an inquiry up: the status workflow and the PATCH body. Shared so the worker enforces
// the same table the OpenAPI document and the README describe.
import * as z from "zod/mini";
import { INQUIRY_STATUSES, type InquiryStatus } from "./schemas.ts";

/**
 * Where an inquiry may go from each status. The pipeline is new → contacted → qualified →
 * won / lost; `spam` is reachable from anywhere. Beyond the pipeline, each edge has its reason:
 * - contacted → lost: a prospect can say no right after the first answer; forcing them through
 *   `qualified` would misreport the pipeline (CRMs let a deal be lost at any open stage).
 * - lost → contacted (reopening): the prospect came back; the conversation restarts and the
 *   deal is qualified again rather than assumed.
 * - spam → new (reopening): a false positive goes back into the queue of unanswered inquiries.
 * A won deal is not reopened: further business is a new inquiry (it can still be marked spam).
 */
export const STATUS_TRANSITIONS: Record<InquiryStatus, readonly InquiryStatus[]> = {
  new: ["contacted", "spam"],
  contacted: ["qualified", "lost", "spam"],
  qualified: ["won", "lost", "spam"],
  won: ["spam"],
  lost: ["contacted", "spam"],
  spam: ["new"],
};

/** Whether `from` → `to` is allowed (staying where it is always is: nothing changes). */
export const canMove = (from: InquiryStatus, to: InquiryStatus) => from === to || STATUS_TRANSITIONS[from].includes(to);

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
