import { describe, expect, it } from "vitest";
import { CollectResponseSchema, ErrorBodySchema, InquiryPageSchema } from "../../shared/api.ts";
import { app } from "../../worker/index.ts";
import { openApiPath } from "../../worker/openapi/document.ts";
import { call, collect, inquiryBody, leadBody, makeSite } from "./helpers.ts";

interface Operation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

const fetchDocument = async () => {
  const res = await call("/v1/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return (await res.json()) as Document;
};

describe("GET /v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document", async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
  });

  it("describes every route of the app, with a summary and a success response", async () => {
    const doc = await fetchDocument();
    // `use` middleware is registered as method ALL; every other entry is a route someone can call.
    const routes = new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    expect(routes.size).toBeGreaterThan(4);
    const missing: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(" ") as [string, string];
      const op = doc.paths[openApiPath(path)]?.[method.toLowerCase()];
      // Success is a 2xx, or a redirect for a route whose job is to send the browser on (POST /auth/link,
      // POST /d/:token).
      const described = op?.summary && Object.keys(op.responses).some((status) => /^(2\d\d|30[23])$/.test(status));
      if (!described) missing.push(route);
    }
    // Fix by putting describeRoute({ summary, responses }) on the route (worker/openapi/describe.ts).
    expect(missing).toEqual([]);
  });

  it("gives every operation a unique operationId for client generators", async () => {
    const doc = await fetchDocument();
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === "string" && /^[a-z]+[A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths["/v1/inquiries/{id}"]?.patch?.operationId).toBe("patchV1InquiriesById");
  });

  it("every $ref points into the document", async () => {
    const doc = await fetchDocument();
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const path = ref.slice('"$ref":"#/'.length, -1).split("/");
      const target = path.reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it("takes the collect endpoints' body, site parameter and errors from the code", async () => {
    const doc = await fetchDocument();
    const lead = doc.paths["/v1/collect/lead"]?.post as Operation;
    const body = lead.requestBody?.content["application/json"]?.schema as { required: string[] };
    expect(body.required).toEqual(expect.arrayContaining(["submissionId", "email", "context", "resourceId"]));
    expect(lead.parameters).toContainEqual(expect.objectContaining({ name: "site", in: "query", required: true }));
    expect(Object.keys(lead.responses).sort()).toEqual("200 201 400 403 404 413 415 422 429 500 503".split(" "));
    expect(lead.security).toBeUndefined();
    // The inquiry body is the discriminated union on kind.
    const inquiry = doc.paths["/v1/collect/inquiry"]?.post as Operation;
    expect(inquiry.requestBody?.content["application/json"]?.schema).toHaveProperty("oneOf");
  });

  it("marks the team API as needing a bearer key and lists its query parameters", async () => {
    const doc = await fetchDocument();
    const list = doc.paths["/v1/inquiries"]?.get as Operation;
    expect(list.security).toEqual([{ apiKey: ["read"] }, { session: [] }]);
    expect(list.parameters).toContainEqual(
      expect.objectContaining({ name: "hikiai-site", in: "header", required: false }),
    );
    expect(list.responses).toHaveProperty("401");
    expect(list.parameters).toContainEqual(
      expect.objectContaining({
        name: "limit",
        in: "query",
        required: false,
        schema: expect.objectContaining({ maximum: 200 }),
      }),
    );
  });
});

describe("the documented answer schemas match what the API answers", () => {
  it("collect: 201 then 200 duplicate, and the error envelope", async () => {
    const { siteKey } = await makeSite();
    const body = leadBody();
    const first = await collect("lead", siteKey, body);
    expect(first.status).toBe(201);
    expect(CollectResponseSchema.safeParse(await first.json()).success).toBe(true);
    const again = await collect("lead", siteKey, body);
    expect(again.status).toBe(200);
    expect(CollectResponseSchema.safeParse(await again.json()).success).toBe(true);
    const bad = await collect("inquiry", siteKey, { ...inquiryBody(), email: "nope" });
    expect(bad.status).toBe(400);
    expect(ErrorBodySchema.safeParse(await bad.json()).success).toBe(true);
  });

  it("team API: a page of inquiries", async () => {
    const { siteKey, apiKey } = await makeSite();
    await collect("inquiry", siteKey, inquiryBody());
    const res = await call("/v1/inquiries", { headers: { authorization: `Bearer ${apiKey}` } });
    const page = await res.json();
    const parsed = InquiryPageSchema.safeParse(page);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect((page as { data: unknown[] }).data).toHaveLength(1);
  });
});
