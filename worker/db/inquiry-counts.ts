import { count, eq } from "drizzle-orm";
import { INQUIRY_STATUSES, type InquiryStatus } from "../../shared/schemas.ts";
import type { Orm } from "./orm.ts";
import { inquiries } from "./schema.ts";

/** How many of the site's inquiries are in each status (every status, 0 when none); one index range per status. */
export async function countInquiriesByStatus(db: Orm, siteId: string): Promise<Record<InquiryStatus, number>> {
  const rows = await db
    .select({ status: inquiries.status, n: count() })
    .from(inquiries)
    .where(eq(inquiries.siteId, siteId))
    .groupBy(inquiries.status);
  const counts = Object.fromEntries(INQUIRY_STATUSES.map((s) => [s, 0])) as Record<InquiryStatus, number>;
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}
