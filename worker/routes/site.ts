import { Hono } from "hono";
import { type SiteInfo, SiteInfoSchema } from "../../shared/site-info.ts";
import { readSiteActivity } from "../db/site-info.ts";
import type { AppEnv } from "../env.ts";
import { teamAuth } from "../middleware/team-auth.ts";
import { describeRoute } from "../openapi/describe.ts";
import { isoTime } from "../present/records.ts";

/** Team API: the request's site as its team sees it (key, origins, zone, last submissions). */
export const siteInfo = new Hono<AppEnv>();

siteInfo.use("*", teamAuth);

const describeSite = describeRoute({
  summary: "The site: public key, allowed origins, time zone, when the last lead and inquiry arrived",
  tags: ["site"],
  responses: { 200: { description: "The site.", schema: SiteInfoSchema } },
});

siteInfo.get("/", describeSite, async (c) => {
  const site = c.var.site;
  const activity = await readSiteActivity(c.var.db, site.id);
  const body: SiteInfo = {
    siteKey: site.siteKey,
    name: site.name,
    timeZone: activity.timeZone,
    allowedOrigins: site.allowedOrigins,
    disabled: site.disabled,
    lastLeadAt: isoTime(activity.lastLeadAt),
    lastInquiryAt: isoTime(activity.lastInquiryAt),
  };
  return c.json(body);
});
