import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NOTIFY_QUEUE } from "../../worker/notify/consumer.ts";
import { RETRY_DELAYS_S, retryDelay } from "../../worker/notify/retry.ts";

// The queue's consumer configuration in wrangler.toml: how many times a failed message is retried.
const toml = readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8");
function maxRetriesOf(queue: string): number | undefined {
  const block = toml
    .split("[[queues.consumers]]")
    .slice(1)
    .find((b) => new RegExp(`^queue = "${queue}"$`, "m").test(b));
  const match = /^max_retries = (\d+)$/m.exec(block?.split(/^\[/m)[0] ?? "");
  return match ? Number(match[1]) : undefined;
}

describe("retry schedule", () => {
  it("waits 10 s, 1 min, 5 min, 30 min, 2 h after failed attempts 1–5", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n))).toEqual([10, 60, 300, 1800, 7200]);
  });

  it("has one delay per retry wrangler.toml's consumer allows (max_retries of the notification queue)", () => {
    expect(maxRetriesOf(NOTIFY_QUEUE)).toBeDefined();
    expect(RETRY_DELAYS_S).toHaveLength(maxRetriesOf(NOTIFY_QUEUE)!);
  });

  it("an override (local runs, tests) repeats its last delay and ignores nonsense", () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, "1,2,0"))).toEqual([1, 2, 0, 0]);
    expect(retryDelay(1, "soon")).toBe(0);
  });
});
