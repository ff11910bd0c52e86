import { ContactDetailSchema, ContactPageSchema } from "../../shared/api-team.ts";
import { ContactListQuerySchema } from "../../shared/team-queries.ts";
import { getContactDetail, listContacts } from "../db/contact-list.ts";
import { orm } from "../db/orm.ts";
import { notFound } from "../lib/api-error.ts";
import { pageBody } from "../present/page.ts";
import { presentContact, presentInquiryActivity, presentLeadActivity } from "../present/records.ts";
import { describeRoute, pageDescription, teamRoutes, validate } from "./team-api.ts";

/** Team API over the people (contacts) of the key's site. */
export const contacts = teamRoutes();

const describeList = describeRoute({
  summary: "List the site's contacts with grade and counts (filters: q, grade, sort)",
  tags: ["contacts"],
  responses: { 200: { description: pageDescription("contacts"), schema: ContactPageSchema } },
});

contacts.get("/", describeList, validate("query", ContactListQuerySchema), async (c) => {
  const { limit, cursor, ...filters } = c.req.valid("query");
  const page = await listContacts(orm(c.var.db), c.var.site.id, filters, limit, Date.now(), cursor);
  return c.json(
    pageBody(page, filters.sort, (row) => ({
      ...presentContact(row),
      leadCount: row.leadCount,
      inquiryCount: row.inquiryCount,
    })),
  );
});

const describeDetail = describeRoute({
  summary: "One contact with grade, their leads and their inquiries (oldest first)",
  tags: ["contacts"],
  responses: { 200: { description: "The contact.", schema: ContactDetailSchema } },
  errors: [404],
});

contacts.get("/:id", describeDetail, async (c) => {
  const id = c.req.param("id");
  const detail = await getContactDetail(orm(c.var.db), c.var.site.id, id, Date.now());
  if (!detail) throw notFound("contact", id);
  return c.json({
    ...presentContact(detail.contact),
    leads: detail.leads.map(presentLeadActivity),
    inquiries: detail.inquiries.map(presentInquiryActivity),
  });
});
