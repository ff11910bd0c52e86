// `q` of the team API's lists, answered by the FTS5 trigram indexes of migrations/0012 (the
// contacts' name, company and e-mail; the inquiries' message) instead of a LIKE scan.
import { type SQL, sql } from "drizzle-orm";

type Index = "contacts_fts" | "inquiries_fts";

// The views of migration 0012 append two U+0001 to every indexed value, so a 1- or 2-character
// substring always starts some indexed trigram. Never part of what a person typed in a search.
const PAD = String.fromCharCode(1);
// A trigram no value has: the MATCH expression when no indexed trigram starts with a short `q`.
const NO_TRIGRAM = `"${String.fromCharCode(2).repeat(3)}"`;
// Above every code point: the end of the range of terms that start with a prefix.
const LAST_CHAR = "\u{10FFFF}";

const phrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * The FTS5 MATCH expression for `q` on `index`, as SQL: 3 or more characters are one phrase of
 * trigrams (a substring anywhere in a column). Shorter ones match the indexed trigrams that start
 * with them (found in the index's fts5vocab table), which thanks to the padding is every place
 * they occur. The trigram tokenizer folds case; the short form folds it the same way here.
 */
function matchExpression(index: Index, q: string): SQL {
  const text = q.replaceAll(PAD, "");
  const chars = [...text];
  if (chars.length >= 3) return sql`${phrase(text)}`;
  if (chars.length === 0) return sql`${NO_TRIGRAM}`;
  const lower = text.toLowerCase();
  const prefix = [...lower].length === chars.length ? lower : text;
  return sql`(SELECT coalesce(group_concat('"' || replace(term, '"', '""') || '"', ' OR '), ${NO_TRIGRAM})
              FROM ${sql.raw(`${index}_terms`)} WHERE term >= ${prefix} AND term < ${prefix + LAST_CHAR})`;
}

/** SQL for the rowids of contacts (of every site: the caller scopes) whose name, company or e-mail contains `q`. */
export function contactRowidsMatching(q: string): SQL {
  return sql`(SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ${matchExpression("contacts_fts", q)})`;
}

/** SQL for the rowids of inquiries (of every site: the caller scopes) whose message contains `q`. */
export function messageRowidsMatching(q: string): SQL {
  return sql`(SELECT rowid FROM inquiries_fts WHERE inquiries_fts MATCH ${matchExpression("inquiries_fts", q)})`;
}

/**
 * SQL for the ids of the site's contacts whose name, company or e-mail contains `q`, started
 * from the index's matches (`+site_id`: the planner does not walk the site's contacts instead).
 */
export function contactsMatching(siteId: string, q: string): SQL {
  return sql`(SELECT id FROM contacts WHERE +site_id = ${siteId} AND rowid IN ${contactRowidsMatching(q)})`;
}

/**
 * SQL counting, up to `cap`, the site's contacts that match `q` plus (with `messages`) the site's
 * inquiries whose message does. Each count streams from the index's matches and stops at the cap.
 */
export function matchCount(siteId: string, q: string, cap: number, messages: boolean): SQL {
  const people = sql`(SELECT count(*) FROM (SELECT 1 FROM contacts_fts f JOIN contacts c ON c.rowid = f.rowid
    WHERE contacts_fts MATCH ${matchExpression("contacts_fts", q)} AND +c.site_id = ${siteId} LIMIT ${cap}))`;
  if (!messages) return sql`SELECT ${people} AS n`;
  const texts = sql`(SELECT count(*) FROM (SELECT 1 FROM inquiries_fts f JOIN inquiries i ON i.rowid = f.rowid
    WHERE inquiries_fts MATCH ${matchExpression("inquiries_fts", q)} AND +i.site_id = ${siteId} LIMIT ${cap}))`;
  return sql`SELECT ${people} + ${texts} AS n`;
}

/** Pending rows indexed per table and catch-up: bounds one batch's work (the cron drains a backlog). */
export const CATCH_UP_ROWS = 5000;

const pendingOf = (tbl: string) =>
  `(SELECT rid FROM search_pending WHERE tbl = '${tbl}' ORDER BY rid LIMIT ${CATCH_UP_ROWS})`;

/**
 * The statements that index rows queued in `search_pending` (migration 0012) and take them off
 * the queue, oldest first. Run as one batch (one transaction): the delete removes exactly the rows
 * the inserts indexed. Exported as SQL so the benchmark's bulk seeding can run them too.
 */
export const CATCH_UP_SQL = [
  `INSERT INTO contacts_fts (rowid, name, company, email)
   SELECT c.rowid, coalesce(c.name, '') || char(1, 1), coalesce(c.company, '') || char(1, 1), c.email || char(1, 1)
   FROM ${pendingOf("contacts")} p JOIN contacts c ON c.rowid = p.rid`,
  `DELETE FROM search_pending WHERE tbl = 'contacts' AND rid IN ${pendingOf("contacts")}`,
  `INSERT INTO inquiries_fts (rowid, message)
   SELECT i.rowid, i.message || char(1, 1) FROM ${pendingOf("inquiries")} p JOIN inquiries i ON i.rowid = p.rid`,
  `DELETE FROM search_pending WHERE tbl = 'inquiries' AND rid IN ${pendingOf("inquiries")}`,
];

/**
 * Indexes the rows stored since the last catch-up, so the search that follows sees every row
 * (one D1 round trip; nothing to do costs four empty statements). Called before each `q` query
 * and by the 5-minute cron.
 */
export async function catchUpSearch(db: D1Database): Promise<void> {
  await db.batch(CATCH_UP_SQL.map((statement) => db.prepare(statement)));
}
