import { Hono } from "hono";
import * as z from "zod/mini";
import { type RefusalsResponse, RefusalsResponseSchema } from "../../shared/api.ts";
import { listRefusals } from "../db/refusals.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../lib/validate.ts";
import { apiKeyAuth } from "../middleware/api-key.ts";
import { describeRoute } from "../openapi/describe.ts";

/** Codes of requests that were answered with a normal-looking success but dropped as bots. */
const BOT_CODES = new Set(["honeypot", "too_fast"]);

const QuerySchema = z.object({
  days: z._default(
    z.coerce.number().check(z.int(), z.minimum(1), z.maximum(90), z.describe("Last N UTC days, today included")),
    30,
  ),
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** Team API: the key's site's refused and bot-trapped collect requests, per UTC day, origin, code. */
export const refusals = new Hono<AppEnv>();

refusals.use("*", apiKeyAuth);

const describeRefusals = describeRoute({
  summary: "Refused and bot-trapped collect requests per UTC day, origin and code",
  tags: ["refusals"],
  responses: { 200: { description: "Counts and a sentence per origin and code.", schema: RefusalsResponseSchema } },
});

refusals.get("/", describeRefusals, validate("query", QuerySchema), async (c) => {
  const { days } = c.req.valid("query");
  const since = new Date(Date.now() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  const rows = await listRefusals(c.env.DB, c.var.site.id, since);
  const totals = new Map<string, { origin: string | null; code: string; count: number }>();
  for (const row of rows) {
    const key = JSON.stringify([row.origin, row.code]);
    const total = totals.get(key) ?? { origin: row.origin || null, code: row.code, count: 0 };
    total.count += row.count;
    totals.set(key, total);
  }
  const body: RefusalsResponse = {
    since,
    data: rows.map((row) => ({
      day: row.day,
      origin: row.origin || null,
      code: row.code,
      bot: BOT_CODES.has(row.code),
      count: row.count,
      lastAt: new Date(row.last_at).toISOString(),
    })),
    totals: [...totals.values()]
      .sort((a, b) => b.count - a.count)
      .map((t) => ({ ...t, bot: BOT_CODES.has(t.code), summary: summarise(t) })),
  };
  return c.json(body);
});

/** "37 submissions refused from https://www.acme.example (origin_not_allowed)". */
function summarise({ origin, code, count }: { origin: string | null; code: string; count: number }) {
  const what = BOT_CODES.has(code) ? "dropped as bot traffic" : "refused";
  const from = origin ? `from ${origin}` : "without an Origin header";
  return `${count} submission${count === 1 ? "" : "s"} ${what} ${from} (${code})`;
}
