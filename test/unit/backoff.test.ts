import { describe, expect, it } from "vitest";
import { BACKOFF_CAP_MS, backoffDelay } from "../../widget/loader/backoff.ts";

const middle = () => 0.5; // no jitter
const lowest = () => 0; // -20 %
const highest = () => 0.999_999; // just under +20 %

describe("backoffDelay", () => {
  it("doubles from 1 s without jitter", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, middle))).toEqual([1000, 2000, 4000, 8000, 16000, 32000]);
  });

  it("stays at 60 s once the doubling passes it", () => {
    expect(backoffDelay(7, middle)).toBe(BACKOFF_CAP_MS);
    expect(backoffDelay(30, middle)).toBe(BACKOFF_CAP_MS);
  });

  it("never exceeds 60 s even with upward jitter", () => {
    for (let n = 1; n < 40; n++) expect(backoffDelay(n, highest)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
  });

  it("jitters by at most 20 % either way", () => {
    expect(backoffDelay(3, lowest)).toBe(3200);
    expect(backoffDelay(3, highest)).toBe(4800);
    expect(backoffDelay(7, lowest)).toBe(48000);
  });

  it("spreads retries of many clients instead of syncing them", () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, random)));
    expect(delays.size).toBeGreaterThan(40);
    for (const d of delays) expect(Math.abs(d - 8000)).toBeLessThanOrEqual(1600);
  });
});
