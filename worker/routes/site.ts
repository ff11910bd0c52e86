import { type SiteInfo, SiteInfoSchema } from "../../shared/site-info.ts";
import { readSiteActivity } from "../db/site-info.ts";
import { isoTime } from "../present/records.ts";
import { describeRoute, teamRoutes } from "./team-api.ts";

/** Team API: the request's site as its team sees it (key, origins, zone, last submissions). */
export const siteInfo = teamRoutes();

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
