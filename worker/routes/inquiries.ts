import { Hono } from "hono";
import * as z from "zod/mini";
import { contextFromRow } from "../db/event-context.ts";
import { listInquiries } from "../db/inquiries.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../lib/validate.ts";
import { apiKeyAuth } from "../middleware/api-key.ts";

/** Opaque to clients: base64url of "createdAt:id" of the last row served. */
const encodeCursor = (p: { createdAt: number; id: string }) => btoa(`${p.createdAt}:${p.id}`).replace(/=+$/, "");

function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  try {
    const [time, id] = atob(cursor).split(":");
    const createdAt = Number(time);
    return Number.isSafeInteger(createdAt) && id ? { createdAt, id } : null;
  } catch {
    return null;
  }
}

const ListQuerySchema = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
  cursor: z.optional(z.string().check(z.refine((s) => decodeCursor(s) !== null))),
});

/** Team API over the collected inquiries of the key's site. */
export const inquiries = new Hono<AppEnv>();

inquiries.use("*", apiKeyAuth);

inquiries.get("/", validate("query", ListQuerySchema), async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const page = await listInquiries(c.env.DB, c.var.site.id, limit, cursor ? decodeCursor(cursor) : null);
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
