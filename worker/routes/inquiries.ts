import { Hono } from "hono";
import * as z from "zod/mini";
import { InquiryPageSchema } from "../../shared/api.ts";
import { contextFromRow } from "../db/event-context.ts";
import { listInquiries } from "../db/inquiries.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../lib/validate.ts";
import { apiKeyAuth } from "../middleware/api-key.ts";
import { describeRoute } from "../openapi/describe.ts";

type Position = { createdAt: number; id: string };

/** Opaque to clients: base64url (safe in a query string as is) of "createdAt:id" of the last row served. */
const encodeCursor = (p: Position) =>
  btoa(`${p.createdAt}:${p.id}`).replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_");

function decodeCursor(cursor: string): Position | null {
  try {
    const [time, id] = atob(cursor.replaceAll("-", "+").replaceAll("_", "/")).split(":");
    const createdAt = Number(time);
    return Number.isSafeInteger(createdAt) && id ? { createdAt, id } : null;
  } catch {
    return null;
  }
}

const ListQuerySchema = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
  // Decoded here, once: the handler gets the position or a 400 has already named the cursor.
  cursor: z.optional(
    z.pipe(
      z.string(),
      z.transform((value, ctx) => {
        const position = decodeCursor(value);
        if (!position) ctx.issues.push({ code: "custom", input: value, message: "is not a cursor from this API" });
        return position;
      }),
    ),
  ),
});

/** Team API over the collected inquiries of the key's site. */
export const inquiries = new Hono<AppEnv>();

inquiries.use("*", apiKeyAuth);

const describeList = describeRoute({
  summary: "List the site's inquiries, newest first",
  tags: ["inquiries"],
  responses: { 200: { description: "One page of inquiries.", schema: InquiryPageSchema } },
});

inquiries.get("/", describeList, validate("query", ListQuerySchema), async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const page = await listInquiries(c.env.DB, c.var.site.id, limit, cursor ?? null);
  return c.json({
    data: page.rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      status: row.status,
      message: row.message,
      preferredTime: row.preferred_time,
      createdAt: new Date(row.created_at as number).toISOString(),
      context: contextFromRow(row),
      contact: { id: row.contact_id, email: row.contact_email, name: row.contact_name, company: row.contact_company },
    })),
    nextCursor: page.next ? encodeCursor(page.next) : null,
  });
});
