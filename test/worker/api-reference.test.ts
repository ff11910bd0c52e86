import { describe, expect, it } from "vitest";
import { call } from "./helpers.ts";

describe("the API reference at /docs", () => {
  it("GET /docs answers an HTML page that renders /v1/openapi.json with the script from our own origin", async () => {
    const res = await call("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('<script src="/docs/scalar.js">');
    // The configuration handed to Scalar points at the generated document, not at a copy of it.
    const config = /createApiReference\('#app', (\{[\s\S]*?\})\s*\)/.exec(html)?.[1];
    expect(config, html).toBeDefined();
    expect(JSON.parse(config!)).toMatchObject({ url: "/v1/openapi.json", withDefaultFonts: false });
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("GET /docs/scalar.js serves Scalar's bundle from the assets (run `npm run build` first)", async () => {
    const res = await call("/docs/scalar.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await res.text()).toContain("createApiReference");
  });

  it("the document the page points at is served", async () => {
    const res = await call("/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ openapi: "3.1.0", paths: { "/docs": { get: { tags: ["meta"] } } } });
  });
});
