/// <reference types="vite/client" />
import { expect, it } from "vitest";
// The file the build wrote, read at transform time (workerd has no file system).
import built from "../../dist/widget/w.js?raw";
import { call } from "./helpers.ts";

it("GET /healthz answers ok", async () => {
  const res = await call("/healthz");
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
});

it("GET /w.js serves the built widget as cacheable JavaScript", async () => {
  const res = await call("/w.js");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
  expect(res.headers.get("cache-control")).toContain("max-age=300");
  expect(built.length).toBeGreaterThan(0);
  expect(await res.text()).toBe(built);
});

// The forms chunk as the build wrote it (its name has the content hash in it).
const chunks = import.meta.glob<string>("../../dist/widget/f-*.js", { query: "?raw", import: "default", eager: true });

it("GET /f-<hash>.js serves the forms chunk to any origin, as JavaScript cached for good", async () => {
  const [path, code] = Object.entries(chunks)[0] ?? [];
  expect(path, "no forms chunk in dist/widget: run `npm run build`").toBeDefined();
  const res = await call(`/${path?.split("/").pop()}`, { headers: { origin: "https://www.acme.example" } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect(await res.text()).toBe(code);
});

it("GET /f-<hash>.js for a chunk that does not exist is a 404 with the envelope", async () => {
  const res = await call("/f-0000000000aa.js");
  expect(res.status).toBe(404);
  expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
});
