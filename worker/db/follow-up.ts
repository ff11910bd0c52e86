// PATCH /v1/inquiries/:id: status, assignee and note, each change kept in inquiry_history.
import { and, eq, isNull, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { InquiryStatus } from "../../shared/schemas.ts";
import type { Author } from "../lib/actor.ts";
import type { Orm } from "./orm.ts";
import { inquiries, inquiryHistory } from "./schema.ts";

/** The follow-up fields as they are now. */
export interface FollowUpState {
  status: InquiryStatus;
  assignee: string | null;
  note: string | null;
}

export interface FollowUpChange {
  field: keyof FollowUpState;
  from: string | null;
  to: string | null;
}

/** The inquiry's follow-up fields, if the site has it. */
export async function readFollowUp(db: Orm, siteId: string, inquiryId: string): Promise<FollowUpState | undefined> {
  const [row] = await db
    .select({ status: inquiries.status, assignee: inquiries.assignee, note: inquiries.note })
    .from(inquiries)
    .where(and(eq(inquiries.id, inquiryId), eq(inquiries.siteId, siteId)))
    .limit(1);
  return row;
}

const sameAs = (column: SQLWrapper, value: string | null) =>
  value === null ? isNull(column) : eq(column as never, value);

/**
 * Applies `changes` if the inquiry still is as `current` (optimistic: another PATCH in between
 * makes this one apply nothing and return false), and records one history row per change by
 * `author` (an API key or a member), all in one batch (one transaction). The first move away from `new` sets
 * `first_response_at`; a later one never moves it.
 */
export async function applyFollowUp(
  db: Orm,
  siteId: string,
  inquiryId: string,
  author: Author,
  current: FollowUpState,
  changes: FollowUpChange[],
  now: number,
): Promise<boolean> {
  const set: Record<string, string | number | null | SQL> = { updatedAt: now };
  for (const change of changes) set[change.field] = change.to;
  if (current.status === "new" && changes.some((c) => c.field === "status"))
    set.firstResponseAt = sql`coalesce(${inquiries.firstResponseAt}, ${now})`;
  const update = db
    .update(inquiries)
    .set(set)
    .where(
      and(
        eq(inquiries.id, inquiryId),
        eq(inquiries.siteId, siteId),
        eq(inquiries.status, current.status),
        sameAs(inquiries.assignee, current.assignee),
        sameAs(inquiries.note, current.note),
      ),
    )
    .returning({ id: inquiries.id });
  // Each history row is written only if the statement before it wrote one row: the update (when
  // its guard held), then the previous history row. So a lost race leaves no history behind.
  const history = changes.map((change) =>
    db.insert(inquiryHistory).select(
      db
        .select({
          id: sql<string>`${crypto.randomUUID()}`.as("id"),
          siteId: inquiries.siteId,
          inquiryId: inquiries.id,
          apiKeyId: sql<string | null>`${author.apiKeyId}`.as("api_key_id"),
          memberId: sql<string | null>`${author.memberId}`.as("member_id"),
          ruleId: sql<null>`NULL`.as("rule_id"),
          ruleNumber: sql<null>`NULL`.as("rule_number"),
          field: sql<FollowUpChange["field"]>`${change.field}`.as("field"),
          fromValue: sql<string | null>`${change.from}`.as("from_value"),
          toValue: sql<string | null>`${change.to}`.as("to_value"),
          changedAt: sql<number>`${now}`.as("changed_at"),
        })
        .from(inquiries)
        .where(and(eq(inquiries.id, inquiryId), sql`changes() = 1`)),
    ),
  );
  const [updated] = await db.batch([update, ...history]);
  return updated.length === 1;
}
