import { env, exports } from "cloudflare:workers";
import { insertApiKey, type KeyScope } from "../../worker/db/api-keys.ts";
import { createSite } from "../../worker/db/sites.ts";
import { hashApiKey, newApiKey, newSiteKey } from "../../worker/lib/keys.ts";

export const ORIGIN = "https://shop.example.jp";

/** A fresh site (allowed origin ORIGIN) with an API key (scope `read` unless told). */
export async function makeSite(options: { disabled?: boolean; scope?: KeyScope } = {}) {
  const { scope = "read", ...site } = options;
  const siteKey = newSiteKey();
  const siteId = await createSite(env.DB, { siteKey, name: "Test site", allowedOrigins: [ORIGIN], ...site });
  const apiKey = newApiKey();
  const keyId = await insertApiKey(env.DB, { siteId, keyHash: await hashApiKey(apiKey), name: "test", scope });
  return { siteKey, siteId, apiKey, keyId };
}

/** The worker under test, as a black box. */
export function call(path: string, init?: RequestInit) {
  return exports.default.fetch(new Request(`https://collector.test${path}`, init));
}

/** POSTs JSON from the allowed origin to a collect endpoint. */
export function collect(
  kind: "lead" | "inquiry",
  siteKey: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return call(`/v1/collect/${kind}?site=${encodeURIComponent(siteKey)}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export const context = {
  pageUrl: "https://shop.example.jp/products/a?utm_source=newsletter",
  referrer: "https://www.google.com/",
  locale: "ja-JP",
  utm: { source: "newsletter", medium: "email", campaign: "autumn" },
};

export function leadBody(overrides: Record<string, unknown> = {}) {
  return {
    submissionId: crypto.randomUUID(),
    email: "taro@example.jp",
    resourceId: "whitepaper-2026",
    context,
    ...overrides,
  };
}

export function inquiryBody(overrides: Record<string, unknown> = {}) {
  return {
    submissionId: crypto.randomUUID(),
    kind: "demo",
    email: "hanako@example.jp",
    name: "山田 花子",
    company: "株式会社サンプル",
    message: "来週デモをお願いします",
    preferredTime: "平日午後",
    context,
    ...overrides,
  };
}

/** Rows of a query against the test D1. */
export const rows = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...params)
    .all<T>()
    .then((r) => r.results);
