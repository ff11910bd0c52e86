import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  AUTH_FAILURE_RATE_LIMIT,
  COLLECT_RATE_LIMIT,
  RATE_LIMIT_PERIOD_S,
  SIGN_IN_MAIL_ADDRESS_RATE_LIMIT,
  SIGN_IN_MAIL_CLIENT_RATE_LIMIT,
  SITE_LOOKUP_RATE_LIMIT,
} from "../../worker/request/rate-limit.ts";

// The limits live in wrangler.toml (the binding's configuration); the worker names them in its
// 429 messages, Retry-After and the README. This keeps the two in step.
const toml = readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8");

function limitOf(binding: string) {
  const block = toml.split("[[ratelimits]]").find((b) => b.includes(`name = "${binding}"`));
  const match = /simple = \{ limit = (\d+), period = (\d+) \}/.exec(block ?? "");
  return match ? { limit: Number(match[1]), period: Number(match[2]) } : null;
}

describe("rate limits: wrangler.toml and the worker agree", () => {
  it("COLLECT_LIMITER", () => {
    expect(limitOf("COLLECT_LIMITER")).toEqual({ limit: COLLECT_RATE_LIMIT, period: RATE_LIMIT_PERIOD_S });
  });
  it("SITE_LOOKUP_LIMITER", () => {
    expect(limitOf("SITE_LOOKUP_LIMITER")).toEqual({ limit: SITE_LOOKUP_RATE_LIMIT, period: RATE_LIMIT_PERIOD_S });
  });
  it("AUTH_FAILURE_LIMITER", () => {
    expect(limitOf("AUTH_FAILURE_LIMITER")).toEqual({ limit: AUTH_FAILURE_RATE_LIMIT, period: RATE_LIMIT_PERIOD_S });
  });
  it("SIGN_IN_MAIL_ADDRESS_LIMITER and SIGN_IN_MAIL_CLIENT_LIMITER", () => {
    expect(limitOf("SIGN_IN_MAIL_ADDRESS_LIMITER")).toEqual({
      limit: SIGN_IN_MAIL_ADDRESS_RATE_LIMIT,
      period: RATE_LIMIT_PERIOD_S,
    });
    expect(limitOf("SIGN_IN_MAIL_CLIENT_LIMITER")).toEqual({
      limit: SIGN_IN_MAIL_CLIENT_RATE_LIMIT,
      period: RATE_LIMIT_PERIOD_S,
    });
  });
});
