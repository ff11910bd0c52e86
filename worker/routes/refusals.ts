import * as z from "zod/mini";
import { type RefusalsResponse, RefusalsResponseSchema } from "../../shared/api.ts";
import { boundedInt } from "../../shared/team-queries.ts";
import {
  listRefusals,
  MAX_ORIGINS_PER_DAY,
  MAX_TOTALS,
  OTHER_ORIGINS,
  REFUSAL_RETENTION_DAYS,
  type RefusalPosition,
} from "../db/refusals.ts";
import { describeRoute, teamRoutes, validate } from "./team-api.ts";

/** Codes of requests that were answered with a normal-looking success but dropped as bots. */
const BOT_CODES = new Set(["honeypot", "too_fast"]);

/** A page's end as the client sees it: base64url of the JSON [day, origin, code]. */
const encodePosition = (p: RefusalPosition) =>
  btoa(String.fromCodePoint(...new TextEncoder().encode(JSON.stringify([p.day, p.origin, p.code]))))
    .replace(/=+$/, "")
    .replaceAll("+", "-")
    .replaceAll("/", "_");

function decodePosition(cursor: string): RefusalPosition | null {
  try {
    const bytes = Uint8Array.from(atob(cursor.replaceAll("-", "+").replaceAll("_", "/")), (ch) => ch.codePointAt(0)!);
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === "string")) return null;
    const [day, origin, code] = value as [string, string, string];
    return /^\d{4}-\d{2}-\d{2}$/.test(day) ? { day, origin, code } : null;
  } catch {
    return null;
  }
}

const QuerySchema = z.object({
  days: z._default(
    z.coerce.number().check(z.int(), z.minimum(1), z.maximum(90), z.describe("Last N UTC days, today included")),
    30,
  ),
  limit: z._default(boundedInt(1, 500).check(z.describe("Counters per page, 1–500 (default 200).")), 200),
  cursor: z.optional(
    z.pipe(
      z.string().check(z.describe("The `nextCursor` of the previous page (same `days`).")),
      z.transform((input, ctx) => {
        const position = decodePosition(input);
        if (!position) ctx.issues.push({ code: "custom", input, message: "is not a cursor from this API" });
        return position as RefusalPosition;
      }),
    ),
  ),
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** Team API: the key's site's refused and bot-trapped collect requests, per UTC day, origin, code. */
export const refusals = teamRoutes();

const describeRefusals = describeRoute({
  summary: "Refused and bot-trapped collect requests per UTC day, origin and code",
  description:
    "Paged by `cursor` (newest day first, then origin and code). At most " +
    `${MAX_ORIGINS_PER_DAY} distinct origins are kept apart per day besides the site's own; the rest are ` +
    `counted under origin "${OTHER_ORIGINS}" (otherOrigins: true). Kept ${REFUSAL_RETENTION_DAYS} days. ` +
    `totals: the ${MAX_TOTALS} largest per origin and code over the range.`,
  tags: ["refusals"],
  responses: { 200: { description: "Counts and a sentence per origin and code.", schema: RefusalsResponseSchema } },
});

refusals.get("/", describeRefusals, validate("query", QuerySchema), async (c) => {
  const { days, limit, cursor } = c.req.valid("query");
  const since = new Date(Date.now() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  const page = await listRefusals(c.var.db, c.var.site.id, since, limit, cursor ?? null);
  const origin = (stored: string) => stored || null;
  const body: RefusalsResponse = {
    since,
    data: page.rows.map((row) => ({
      day: row.day,
      origin: origin(row.origin),
      otherOrigins: row.origin === OTHER_ORIGINS,
      code: row.code,
      bot: BOT_CODES.has(row.code),
      count: row.count,
      lastAt: new Date(row.last_at).toISOString(),
    })),
    nextCursor: page.next ? encodePosition(page.next) : null,
    totals: page.totals.map((t) => ({
      origin: origin(t.origin),
      otherOrigins: t.origin === OTHER_ORIGINS,
      code: t.code,
      count: t.count,
      bot: BOT_CODES.has(t.code),
      summary: summarise(t),
    })),
  };
  return c.json(body);
});

/** "37 submissions refused from https://www.acme.example (origin_not_allowed)". */
function summarise({ origin, code, count }: { origin: string; code: string; count: number }) {
  const what = BOT_CODES.has(code) ? "dropped as bot traffic" : "refused";
  const from =
    origin === OTHER_ORIGINS
      ? `from other origins (past the day's first ${MAX_ORIGINS_PER_DAY})`
      : origin
        ? `from ${origin}`
        : "without an Origin header";
  return `${count} submission${count === 1 ? "" : "s"} ${what} ${from} (${code})`;
}
