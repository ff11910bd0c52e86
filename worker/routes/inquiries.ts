import { InquiryPageSchema } from "../../shared/api.ts";
import { InquiryCountsSchema, InquiryDetailSchema } from "../../shared/api-team.ts";
import { normaliseEmail } from "../../shared/email.ts";
import { canMove, InquiryPatchSchema, STATUS_TRANSITIONS } from "../../shared/follow-up.ts";
import { InquiryListQuerySchema } from "../../shared/team-queries.ts";
import { applyFollowUp, readFollowUp } from "../db/follow-up.ts";
import { directoryDatabase } from "../db/handle.ts";
import { countInquiriesByStatus } from "../db/inquiry-counts.ts";
import { getInquiryDetail } from "../db/inquiry-detail.ts";
import { listInquiries } from "../db/inquiry-list.ts";
import { findSiteMember } from "../db/members.ts";
import { type Orm, orm } from "../db/orm.ts";
import { authorOf } from "../lib/actor.ts";
import { ApiError, notFound } from "../lib/api-error.ts";
import { pageBody } from "../present/page.ts";
import { presentContact, presentHistory, presentInquiry, presentTimeline } from "../present/records.ts";
import { describeRoute, jsonBody, pageDescription, requireRole, teamRoutes, validate } from "./team-api.ts";

/** Team API over the collected inquiries of the request's site. */
export const inquiries = teamRoutes();

const describeList = describeRoute({
  summary:
    "List the site's inquiries (filters: status, kind, from/to, resource, assignee, utm_source, utm_campaign, q, sort)",
  tags: ["inquiries"],
  responses: { 200: { description: pageDescription("inquiries"), schema: InquiryPageSchema } },
});

inquiries.get("/", describeList, validate("query", InquiryListQuerySchema), async (c) => {
  const { limit, cursor, ...filters } = c.req.valid("query");
  const page = await listInquiries(orm(c.var.db), c.var.site.id, filters, limit, cursor);
  return c.json(pageBody(page, filters.sort, presentInquiry));
});

// Before /:id, which would take "counts" for an inquiry id.
inquiries.get(
  "/counts",
  describeRoute({
    summary: "How many of the site's inquiries are in each status (the dashboard's status chips)",
    tags: ["inquiries"],
    responses: { 200: { description: "Counts per status, every status listed.", schema: InquiryCountsSchema } },
  }),
  async (c) => c.json({ byStatus: await countInquiriesByStatus(orm(c.var.db), c.var.site.id) }),
);

const describeDetail = describeRoute({
  summary: "One inquiry with its contact (and grade), the contact's timeline and the follow-up history",
  tags: ["inquiries"],
  responses: { 200: { description: "The inquiry.", schema: InquiryDetailSchema } },
  errors: [404],
});

/** The detail answer of GET and PATCH /v1/inquiries/:id (404 if the site has no such inquiry). */
async function detailBody(db: Orm, siteId: string, id: string) {
  const detail = await getInquiryDetail(db, siteId, id, Date.now());
  if (!detail) throw notFound("inquiry", id);
  return {
    ...presentInquiry(detail.inquiry),
    contact: presentContact(detail.contact),
    timeline: presentTimeline(detail.leads, detail.inquiries),
    history: detail.history.map(presentHistory),
  };
}

inquiries.get("/:id", describeDetail, async (c) =>
  c.json(await detailBody(orm(c.var.db), c.var.site.id, c.req.param("id"))),
);

const describePatch = describeRoute({
  summary: "Follow an inquiry up: status (see the transitions), assignee, note; every change is kept in its history",
  tags: ["inquiries"],
  responses: { 200: { description: "The inquiry after the change, with its history.", schema: InquiryDetailSchema } },
  errors: [404, 409],
});

inquiries.patch(
  "/:id",
  requireRole("member"),
  describePatch,
  jsonBody,
  validate("json", InquiryPatchSchema),
  async (c) => {
    const db = orm(c.var.db);
    const siteId = c.var.site.id;
    const id = c.req.param("id");
    const patch = c.req.valid("json");
    const current = await readFollowUp(db, siteId, id);
    if (!current) throw notFound("inquiry", id);
    if (patch.status && !canMove(current.status, patch.status)) {
      const allowed = STATUS_TRANSITIONS[current.status].join(", ");
      throw new ApiError(409, "invalid_transition", `An inquiry cannot go from ${current.status} to ${patch.status}.`, {
        status: `cannot change from ${current.status} to ${patch.status}; allowed from ${current.status}: ${allowed}`,
      });
    }
    const actor = c.var.actor;
    // People pick the assignee from the site's members (the dashboard's picker), stored as the
    // member's e-mail; machines keep writing whatever their CRM calls the person.
    if (actor.kind === "member" && patch.assignee) {
      const assignee = await findSiteMember(directoryDatabase(c.env), siteId, {
        email: normaliseEmail(patch.assignee),
      });
      if (!assignee) {
        throw new ApiError(400, "invalid_body", "The assignee must be a member of the site.", {
          assignee: "is not the e-mail of a member of this site (see GET /v1/members)",
        });
      }
      patch.assignee = assignee.email;
    }
    const changes = (["status", "assignee", "note"] as const).flatMap((field) => {
      const to = patch[field];
      return to === undefined || to === current[field] ? [] : [{ field, from: current[field], to }];
    });
    if (changes.length && !(await applyFollowUp(db, siteId, id, authorOf(actor), current, changes, Date.now()))) {
      throw new ApiError(409, "edit_conflict", "The inquiry was changed by another request meanwhile.", {
        id: "was changed by another request meanwhile; read it again and retry",
      });
    }
    return c.json(await detailBody(db, siteId, id));
  },
);
