import { Hono } from "hono";
import { InquiryPageSchema } from "../../shared/api.ts";
import { InquiryDetailSchema } from "../../shared/api-team.ts";
import { InquiryListQuerySchema } from "../../shared/team-queries.ts";
import { getInquiryDetail } from "../db/inquiry-detail.ts";
import { listInquiries } from "../db/inquiry-list.ts";
import { orm } from "../db/orm.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../lib/api-error.ts";
import { pageBody } from "../lib/page.ts";
import { presentContact, presentHistory, presentInquiry, presentTimeline } from "../lib/present.ts";
import { validate } from "../lib/validate.ts";
import { apiKeyAuth } from "../middleware/api-key.ts";
import { describeRoute } from "../openapi/describe.ts";

/** Team API over the collected inquiries of the key's site. */
export const inquiries = new Hono<AppEnv>();

inquiries.use("*", apiKeyAuth);

const describeList = describeRoute({
  summary: "List the site's inquiries (filters: status, kind, from/to, resource, utm_source, utm_campaign, q, sort)",
  tags: ["inquiries"],
  responses: { 200: { description: "One page of inquiries.", schema: InquiryPageSchema } },
});

inquiries.get("/", describeList, validate("query", InquiryListQuerySchema), async (c) => {
  const { limit, cursor, ...filters } = c.req.valid("query");
  const page = await listInquiries(orm(c.env.DB), c.var.site.id, filters, limit, cursor);
  return c.json(pageBody(page, filters.sort, presentInquiry));
});

const describeDetail = describeRoute({
  summary: "One inquiry with its contact (and grade), the contact's timeline and the follow-up history",
  tags: ["inquiries"],
  responses: { 200: { description: "The inquiry.", schema: InquiryDetailSchema } },
  errors: [404],
});

inquiries.get("/:id", describeDetail, async (c) => {
  const id = c.req.param("id");
  const detail = await getInquiryDetail(orm(c.env.DB), c.var.site.id, id, Date.now());
  if (!detail) throw notFound("inquiry", id);
  return c.json({
    ...presentInquiry(detail.inquiry),
    contact: presentContact(detail.contact),
    timeline: presentTimeline(detail.leads, detail.inquiries),
    history: detail.history.map(presentHistory),
  });
});
