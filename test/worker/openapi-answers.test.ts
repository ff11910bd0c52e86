// The document says what each team-API read answers; here every described GET route is called
// on real data and its answer parsed with the very schema the document was generated from, so
// a handler that drifts from its documented shape fails here, whoever added the route.
import { env } from "cloudflare:workers";
import { isDeepStrictEqual } from "node:util";
import { expect, it } from "vitest";
import app from "../../worker/index.ts";
import { describedRoutes } from "../../worker/openapi/document.ts";
import { call, collect, inquiryBody, leadBody, makeSite } from "./helpers.ts";

it("every documented GET team-API answer parses with its documented schema", async () => {
  const { siteKey, siteId, apiKey } = await makeSite({ scope: "write" });
  const email = "schema@example.jp";
  const lead = (await (await collect("lead", siteKey, leadBody({ email }))).json()) as { id: string };
  const inquiry = (await (await collect("inquiry", siteKey, inquiryBody({ email }))).json()) as { id: string };
  const contactId = await env.DB.prepare("SELECT id FROM contacts WHERE site_id = ? AND email = ?")
    .bind(siteId, email)
    .first<string>("id");
  const webhook = (await (
    await call("/v1/webhooks", {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ url: "https://hooks.example.com/schema" }),
    })
  ).json()) as { id: string };
  // The id a `:id` route of each collection is called with.
  const ids: Record<string, string | null> = {
    inquiries: inquiry.id,
    leads: lead.id,
    contacts: contactId,
    webhooks: webhook.id,
  };

  const routes = describedRoutes(app.routes).filter((r) => r.method === "GET" && r.doc.security);
  expect(routes.length).toBeGreaterThan(3);
  const drift: string[] = [];
  for (const { path, doc } of routes) {
    const url = path.replace(/:(\w+)(\{[^}]*\})?/g, () => {
      const collection = /^\/v1\/([\w-]+)\//.exec(path)?.[1] ?? "";
      return ids[collection] ?? `no-test-id-for-${collection}`;
    });
    const res = await call(url, { headers: { authorization: `Bearer ${apiKey}` } });
    const documented = doc.responses?.[res.status];
    if (!documented) {
      drift.push(`${path}: answered ${res.status}, which is not documented`);
      continue;
    }
    if (documented.schema) {
      const body = await res.json();
      const parsed = documented.schema.safeParse(body);
      if (!parsed.success) drift.push(`${path}: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
      // zod drops keys it does not know, while the document says `additionalProperties: false`:
      // an answer with an undocumented field differs from its parsed self.
      else if (!isDeepStrictEqual(parsed.data, body)) drift.push(`${path}: answers fields its schema does not list`);
    } else if (documented.contentType) {
      expect(res.headers.get("content-type"), path).toContain(documented.contentType);
      await res.body?.cancel();
    }
  }
  expect(drift).toEqual([]);
});
