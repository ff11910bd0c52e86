import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";

it("w.js", async () => {
  const w = await SELF.fetch("https://collector.test/w.js");
  console.log(w.status, w.headers.get("content-type"), await w.text());
  expect(1).toBe(1);
});
