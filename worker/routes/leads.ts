import { LeadPageSchema } from "../../shared/api-team.ts";
import { LeadListQuerySchema } from "../../shared/team-queries.ts";
import { listLeads } from "../db/lead-list.ts";
import { orm } from "../db/orm.ts";
import { pageBody } from "../present/page.ts";
import { presentLead } from "../present/records.ts";
import { describeRoute, pageDescription, teamRoutes, validate } from "./team-api.ts";

/** Team API over the collected leads (downloads) of the key's site. */
export const leads = teamRoutes();

const describeList = describeRoute({
  summary: "List the site's leads (filters: resource, grade, from/to, utm_source, utm_campaign, q, sort)",
  tags: ["leads"],
  responses: {
    200: { description: pageDescription("leads, each with its contact and grade"), schema: LeadPageSchema },
  },
});

leads.get("/", describeList, validate("query", LeadListQuerySchema), async (c) => {
  const { limit, cursor, ...filters } = c.req.valid("query");
  const page = await listLeads(orm(c.var.db), c.var.site.id, filters, limit, Date.now(), cursor);
  return c.json(pageBody(page, filters.sort, presentLead));
});
