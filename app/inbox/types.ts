// The team API's inquiry answers as the inbox reads them (types only: no schema code is bundled).
import type * as z from "zod/mini";
import type { InquiryPageSchema, InquirySchema } from "../../shared/api.ts";
import type { InquiryDetailSchema } from "../../shared/api-team.ts";

export type Inquiry = z.infer<typeof InquirySchema>;
export type InquiryPage = z.infer<typeof InquiryPageSchema>;
type Detail = z.infer<typeof InquiryDetailSchema>;

/** A follow-up change: made by a signed-in member, or by an API key (exactly one is set). */
export type HistoryEntry = Omit<Detail["history"][number], "key"> & {
  member?: { id: string; email: string; name: string | null } | null;
  key: { id: string; name: string | null } | null;
};
export type InquiryDetail = Omit<Detail, "history"> & { history: HistoryEntry[] };

/** GET /v1/members. */
export interface Member {
  id: string;
  email: string;
  name: string | null;
  role: string;
}
