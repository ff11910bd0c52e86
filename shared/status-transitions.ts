// The inquiry status workflow, free of zod: the worker enforces it (follow-up.ts re-exports it)
// and the dashboard offers only these moves.
import type { InquiryStatus } from "./schemas.ts";

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
