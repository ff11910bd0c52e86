// A person with some of everything (downloads, one counted twice; inquiries; follow-up history),
// made through the real collect endpoint; the follow-up history row is written directly in D1.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { call, collect, inquiryBody, leadBody } from "./helpers.ts";

/** Collects 3 downloads (2 on one lead) and 2 inquiries for a fresh person; adds one history row. */
export async function seedPerson(siteKey: string, siteId: string, keyId: string) {
  const tag = crypto.randomUUID().slice(0, 8);
  const mark = rareMark();
  const person = { email: `sato.${tag}@example.jp`, name: `佐藤 ${mark} ${tag}`, company: `会社 ${mark} ${tag}` };
  const messages = [`見積をお願いします ${mark} ${tag}`, `デモ希望 ${mark} ${tag}`] as const;
  const ids = { leads: new Set<string>(), inquiries: new Set<string>(), submissions: [] as string[] };
  const send = async (kind: "lead" | "inquiry", body: { submissionId: string }) => {
    const res = await collect(kind, siteKey, body);
    expect(res.status).toBeLessThan(300);
    ids.submissions.push(body.submissionId);
    ids[kind === "lead" ? "leads" : "inquiries"].add(((await res.json()) as { id: string }).id);
  };
  await send("lead", leadBody({ ...person, resourceId: "whitepaper-2026" }));
  await send("lead", leadBody({ ...person, resourceId: "whitepaper-2026" })); // same lead, counted twice
  await send("lead", leadBody({ ...person, resourceId: "price-list" }));
  await send("inquiry", inquiryBody({ ...person, kind: "quote", message: messages[0] }));
  await send("inquiry", inquiryBody({ ...person, kind: "demo", message: messages[1] }));
  const [inquiryId] = ids.inquiries;
  await env.DB.prepare(
    `INSERT INTO inquiry_history (id, site_id, inquiry_id, api_key_id, field, from_value, to_value, changed_at)
     VALUES (?, ?, ?, ?, 'note', NULL, ?, ?)`,
  )
    .bind(crypto.randomUUID(), siteId, inquiryId, keyId, `${person.name}さんに電話済み`, Date.now())
    .run();
  return { ...person, tag, mark, messages, ids };
}

/**
 * Four characters of CJK Extension A, which nothing else in the tests uses, none of them used by
 * another mark of this file (each mark takes the next four of a run that starts at random). The
 * search index stores each trigram as its UTF-8 bytes, less the bytes it shares with the term
 * before it: at most part of its first character, since no two of these trigrams start with the
 * same character. So the second and third characters of each trigram are always there in a row:
 * found in the database, they can only be this person's.
 */
function rareMark(): string {
  const codes = [0, 1, 2, 3].map((i) => EXTENSION_A + ((nextMark + i) % EXTENSION_A_SIZE));
  nextMark += 4;
  return String.fromCodePoint(...codes);
}
const EXTENSION_A = 0x3400;
const EXTENSION_A_SIZE = 6592;
let nextMark = crypto.getRandomValues(new Uint16Array(1))[0]! % EXTENSION_A_SIZE;

/** The two-character windows of `mark` that the search index always holds whole (see rareMark). */
export const markFragments = (mark: string) => {
  const c = [...mark];
  return [c[1]! + c[2]!, c[2]! + c[3]!];
};

/** POSTs to a personal-data endpoint with a key. */
export const personalData = (path: "export" | "erase", apiKey: string, body: unknown) =>
  call(`/v1/personal-data/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/**
 * Every row of every table of the database, as text: to prove that something is nowhere. Every
 * table sqlite_master lists, the search index's shadow tables (segments, their index, sizes) and
 * vocabularies included; BLOB values (the index's segments) are read as UTF-8, so the stored
 * bytes of a term show as its text.
 */
export async function wholeDatabaseText(): Promise<string> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const names = results.map((r) => r.name);
  // The shadow tables must be among them, or the scan would prove nothing about the index.
  for (const shadow of ["contacts_fts_data", "contacts_fts_idx", "inquiries_fts_data", "inquiries_fts_docsize"])
    expect(names).toContain(shadow);
  const utf8 = new TextDecoder();
  const asText = (_key: string, value: unknown) =>
    value instanceof ArrayBuffer || ArrayBuffer.isView(value)
      ? utf8.decode(value as ArrayBuffer)
      : Array.isArray(value) && value.length > 0 && value.every((b) => Number.isInteger(b) && b >= 0 && b < 256)
        ? utf8.decode(new Uint8Array(value))
        : value;
  const dumps = await Promise.all(
    names.map(async (name) => {
      const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
      return `${name}: ${JSON.stringify(rows.results, asText)}`;
    }),
  );
  return dumps.join("\n");
}
