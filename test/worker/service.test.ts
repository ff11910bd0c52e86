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
