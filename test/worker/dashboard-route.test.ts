/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
// The dashboard as the build wrote it, read at transform time (workerd has no file system).
import indexHtml from "../../dist/app/index.html?raw";
import { call } from "./helpers.ts";

const assets = import.meta.glob<string>("../../dist/app/assets/*.js", {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("the dashboard at /app", () => {
  for (const path of [
    "/app",
    "/app/",
    "/app/inbox?status=new&kind=quote",
    "/app/contacts/c_123",
    "/app/no-such-view",
  ]) {
    it(`GET ${path} answers index.html, never cached, not frameable`, async () => {
      const res = await call(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(await res.text()).toBe(indexHtml);
    });
  }

  it("GET /app/assets/<hashed file> serves the built file, cached for good", async () => {
    const entry = /src="(\/app\/assets\/[^"]+\.js)"/.exec(indexHtml)?.[1];
    expect(entry, "index.html names no entry script: run `npm run build`").toBeDefined();
    const res = await call(entry!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("javascript");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await res.text()).toBe(assets[`../../dist/app${entry!.slice(4)}`]);
  });

  it("GET /app/assets/<a file that does not exist> is a 404 with the envelope, not index.html", async () => {
    const res = await call("/app/assets/index-00000000.js");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
