import { type MailLogEntry, MailLogQuerySchema, MailLogSchema } from "../../shared/autoreply.ts";
import { listMailLog, type MailLogRow } from "../db/mail-log.ts";
import { describeRoute, requireRole, teamRoutes, validate } from "./team-api.ts";

/** Team API: every mail the site sent or tried to send, with its attempts' outcome (admins). */
export const mailLog = teamRoutes();

const iso = (ms: number) => new Date(ms).toISOString();
const present = (r: MailLogRow): MailLogEntry => ({
  id: r.id,
  kind: r.kind,
  key: r.mail_key,
  to: r.recipient,
  subject: r.subject,
  status: r.status,
  attempts: r.attempts,
  lastCode: r.last_code,
  lastError: r.last_error,
  provider: r.provider,
  providerId: r.provider_id,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
  sentAt: r.sent_at === null ? null : iso(r.sent_at),
});

mailLog.get(
  "/",
  describeRoute({
    summary: "The mail log: each mail to a visitor or member, its status and its last error",
    description:
      "status: sent; retry (waiting for the queue's next attempt); failed (a permanent provider error, the queue gave up, or no mail configured); suppressed (the address bounced or complained); capped (over 3 per recipient per 24 h or the site's hourly cap). Newest first; page with ?before=<createdAt of the last row>.",
    tags: ["mail"],
    responses: { 200: { description: "Mails, newest first.", schema: MailLogSchema } },
  }),
  requireRole("admin"),
  validate("query", MailLogQuerySchema),
  async (c) => {
    const q = c.req.valid("query");
    const rows = await listMailLog(c.var.db, c.var.site.id, {
      limit: q.limit,
      before: q.before ? Date.parse(q.before) : undefined,
      status: q.status,
      kind: q.kind,
    });
    return c.json({ data: rows.map(present) });
  },
);
