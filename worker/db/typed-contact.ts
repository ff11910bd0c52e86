// The name and company typed with one lead or inquiry. The collect endpoints are public: anyone
// who knows an address can submit in that person's name, so a record never shows the contact's
// name (which another submission may have set) but what its own submission said. Each
// submission keeps it on its `submissions` row (db/submissions.ts), found by `record_id`: the
// first submission of the record is the one that created it, the first entry for the record in
// the index submissions_record_first, which also holds the name and company (no table read).
import { sql } from "drizzle-orm";

type Field = "name" | "company";

/**
 * SQL for `field` as typed with the record whose id is `recordId` (SQL text). A record that has
 * no submission row (stored before submissions kept names, or seeded directly) falls back to
 * `fallback`, the contact's column; one whose submission left the field empty gives NULL.
 */
export const typedSql = (recordId: string, field: Field, fallback: string) =>
  `nullif(coalesce((SELECT coalesce(s.${field}, '') FROM submissions s WHERE s.record_id = ${recordId}
   ORDER BY s.created_at LIMIT 1), ${fallback}, ''), '')`;

/** `typedSql` for Drizzle selects of `table` joined with `contacts`. */
export const typed = (table: "inquiries" | "leads", field: Field) =>
  sql<string | null>`${sql.raw(typedSql(`"${table}"."id"`, field, `"contacts"."${field}"`))}`;

/**
 * Both fields as `typedSql` gives them, in one read of the index: a JSON array `[name, company]`
 * of the record's first submission, else of the contact (`table` joined with `contacts`). An
 * empty field is "" or null in it, read as none (present/export-columns.ts): the CSV exports,
 * where a second look-up per row is a large part of the export's time.
 */
export const typedPair = (table: "inquiries" | "leads") =>
  sql<string>`${sql.raw(`coalesce((SELECT json_array(s.name, s.company) FROM submissions s WHERE s.record_id = "${table}"."id"
   ORDER BY s.created_at LIMIT 1), json_array("contacts"."name", "contacts"."company"))`)}`;
