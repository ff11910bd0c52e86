import { describe, expect, it } from "vitest";
import { RETRY_DELAYS_S, retryDelay } from "../../worker/notify/retry.ts";

describe("retry schedule", () => {
  it("waits 10 s, 1 min, 5 min, 30 min, 2 h after failed attempts 1–5", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n))).toEqual([10, 60, 300, 1800, 7200]);
    expect(RETRY_DELAYS_S).toHaveLength(5); // wrangler.toml: max_retries = 5
  });

  it("an override (local runs, tests) repeats its last delay and ignores nonsense", () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, "1,2,0"))).toEqual([1, 2, 0, 0]);
    expect(retryDelay(1, "soon")).toBe(0);
  });
});
