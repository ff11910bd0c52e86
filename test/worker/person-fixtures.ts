// A person with some of everything (downloads, one counted twice; inquiries; follow-up history),
// made through the real collect endpoint; the follow-up history row is written directly in D1.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { call, collect, inquiryBody, leadBody } from "./helpers.ts";

/** Collects 3 downloads (2 on one lead) and 2 inquiries for a fresh person; adds one history row. */
export async function seedPerson(siteKey: string, siteId: string, keyId: string) {
  const tag = crypto.randomUUID().slice(0, 8);
  const person = { email: `sato.${tag}@example.jp`, name: `佐藤 ${tag}`, company: `会社 ${tag}` };
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
  await send("inquiry", inquiryBody({ ...person, kind: "quote", message: `見積をお願いします ${tag}` }));
  await send("inquiry", inquiryBody({ ...person, kind: "demo", message: `デモ希望 ${tag}` }));
  const [inquiryId] = ids.inquiries;
  await env.DB.prepare(
    `INSERT INTO inquiry_history (id, site_id, inquiry_id, api_key_id, field, from_value, to_value, changed_at)
     VALUES (?, ?, ?, ?, 'note', NULL, ?, ?)`,
  )
    .bind(crypto.randomUUID(), siteId, inquiryId, keyId, `${person.name}さんに電話済み`, Date.now())
    .run();
  return { ...person, tag, ids };
}

/** POSTs to a personal-data endpoint with a key. */
export const personalData = (path: "export" | "erase", apiKey: string, body: unknown) =>
  call(`/v1/personal-data/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** Every row of every table of the database, as text: to prove that something is nowhere. */
export async function wholeDatabaseText(): Promise<string> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const dumps = await Promise.all(
    results.map(async ({ name }) => {
      const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
      return `${name}: ${JSON.stringify(rows.results)}`;
    }),
  );
  expect(results.length).toBeGreaterThan(5);
  return dumps.join("\n");
}
