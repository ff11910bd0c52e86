import type * as z from "zod/mini";
import { NotificationSettingsSchema, NotificationSettingsUpdateSchema } from "../../shared/webhooks.ts";
import {
  type NotificationSettings,
  readNotificationSettings,
  updateNotificationSettings,
} from "../db/notification-settings.ts";
import { forgetSiteAfterWrite } from "../middleware/forget-site.ts";
import { BUSINESS_DAY } from "../notify/business-hours.ts";
import { describeRoute, jsonBody, requireRole, teamRoutes, validate } from "./team-api.ts";

/** Team API: how the site is notified (Slack language, which leads notify, stall threshold). */
export const notificationSettings = teamRoutes();
// Webhooks and lead settings decide the collect path's outbox row (lib/outbox-need.ts).
notificationSettings.use("*", forgetSiteAfterWrite);

const BUSINESS_HOURS = `Mon–Fri ${BUSINESS_DAY.startHour}:00–${BUSINESS_DAY.endHour}:00 in the site's time zone`;
const answer = (s: NotificationSettings): z.infer<typeof NotificationSettingsSchema> => ({
  ...s,
  businessHours: BUSINESS_HOURS,
});
const responses = { 200: { description: "The settings.", schema: NotificationSettingsSchema } };

notificationSettings.get(
  "/",
  describeRoute({ summary: "The site's notification settings", tags: ["webhooks"], responses }),
  async (c) => c.json(answer(await readNotificationSettings(c.var.db, c.var.site.id))),
);

notificationSettings.patch(
  "/",
  describeRoute({
    summary: "Change the notification settings: Slack language, lead notifications, stall threshold",
    description:
      "notifyLeads: off (default), returning (a lead by a contact who downloaded or asked before), all. stallAfterMinutes: business minutes (Mon–Fri 09:00–18:00 site time) an inquiry may stay new before one reminder (default 240).",
    tags: ["webhooks"],
    responses,
  }),
  requireRole("admin"),
  jsonBody,
  validate("json", NotificationSettingsUpdateSchema),
  async (c) => c.json(answer(await updateNotificationSettings(c.var.db, c.var.site.id, c.req.valid("json")))),
);
