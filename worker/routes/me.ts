import { Hono } from "hono";
import type * as z from "zod/mini";
import { MeSchema } from "../../shared/members.ts";
import { directoryDatabase } from "../db/handle.ts";
import { memberSites } from "../db/members.ts";
import type { AppEnv } from "../env.ts";
import { requireSession } from "../middleware/require-session.ts";
import { describeRoute } from "../openapi/describe.ts";
import { isoTime } from "../present/records.ts";

/** GET /v1/me: the signed-in person, the sites they may open, and when their session ends. */
export const me = new Hono<AppEnv>();

me.get(
  "/",
  describeRoute({
    summary: "Who is signed in: the person, their sites with their role on each, and the session's expiry",
    description:
      "Session cookie, or Cloudflare Access's `Cf-Access-Jwt-Assertion` when the worker is configured for it (docs/access.md); no `Hikiai-Site` needed. The dashboard's first request and its site switcher. " +
      "`session.expiresAt` moves forward while the session is used (14 days idle); with Access it is the Access token's expiry.",
    tags: ["sign-in"],
    responses: { 200: { description: "The signed-in person.", schema: MeSchema } },
  }),
  requireSession,
  async (c) => {
    const session = c.var.session!;
    const sites = await memberSites(directoryDatabase(c.env), session.member.id);
    const body: z.infer<typeof MeSchema> = {
      member: session.member,
      sites,
      session: { via: session.via, expiresAt: isoTime(session.expiresAt)! },
    };
    return c.json(body);
  },
);
