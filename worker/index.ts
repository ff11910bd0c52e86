import { Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv, Env } from "./env.ts";
import { renderError, renderNotFound } from "./lib/api-error.ts";
import { handleQueue } from "./notify/consumer.ts";
import type { NotifyMessage } from "./notify/enqueue.ts";
import { describeRoute } from "./openapi/describe.ts";
import { apiReference } from "./routes/api-reference.ts";
import { dashboard } from "./routes/app.ts";
import { auth } from "./routes/auth.ts";
import { autoreply } from "./routes/autoreply.ts";
import { collect } from "./routes/collect.ts";
import { contacts } from "./routes/contacts.ts";
import { download } from "./routes/download.ts";
import { csvExport } from "./routes/export.ts";
import { formEvents } from "./routes/form-events.ts";
import { formStats } from "./routes/form-stats.ts";
import { inquiries } from "./routes/inquiries.ts";
import { leads } from "./routes/leads.ts";
import { mailLink } from "./routes/mail-link.ts";
import { mailLog } from "./routes/mail-log.ts";
import { me } from "./routes/me.ts";
import { members } from "./routes/members.ts";
import { notificationSettings } from "./routes/notification-settings.ts";
import { openApi } from "./routes/openapi.ts";
import { personalData } from "./routes/personal-data.ts";
import { refusals } from "./routes/refusals.ts";
import { resources } from "./routes/resources.ts";
import { routingRules } from "./routes/routing-rules.ts";
import { siteInfo } from "./routes/site.ts";
import { stats } from "./routes/stats.ts";
import { webhooks } from "./routes/webhooks.ts";
import { widgetConfig } from "./routes/widget-config.ts";
import { widgetScript } from "./routes/widget-script.ts";
import { scheduled } from "./scheduled.ts";

/** The HTTP side of the Worker (also imported by tests and the bench). */
export const app = new Hono<AppEnv>();

const HealthSchema = z.object({ ok: z.literal(true) });

app.get(
  "/healthz",
  describeRoute({
    summary: "Health check",
    tags: ["meta"],
    responses: { 200: { description: "The worker runs.", schema: HealthSchema } },
  }),
  (c) => c.json({ ok: true } satisfies z.infer<typeof HealthSchema>),
);
app.route("/", widgetScript);
app.route("/", dashboard);
app.route("/v1/collect", collect);
app.route("/v1/form-events", formEvents);
app.route("/v1/widget-config", widgetConfig);
app.route("/v1/inquiries", inquiries);
app.route("/v1/leads", leads);
app.route("/v1/contacts", contacts);
app.route("/v1/export", csvExport);
app.route("/v1/stats", stats);
app.route("/v1/forms/stats", formStats);
app.route("/v1/personal-data", personalData);
app.route("/v1/refusals", refusals);
app.route("/v1/site", siteInfo);
app.route("/v1/webhooks", webhooks);
app.route("/v1/notification-settings", notificationSettings);
app.route("/v1/autoreply", autoreply);
app.route("/v1/mail-log", mailLog);
app.route("/v1/members", members);
app.route("/v1/resources", resources);
app.route("/v1/routing-rules", routingRules);
app.route("/v1/me", me);
app.route("/auth", auth);
app.route("/auth", mailLink);
app.route("/d", download);
// Last: it documents every route registered above (and any registered later, it reads them lazily).
app.route("/", openApi(app));
app.route("/", apiReference);
app.notFound(renderNotFound);
app.onError(renderError);

// The collect routes (the widget's submissions, the busiest) are also mounted alone and taken
// there before the whole app's router: the whole app has routes enough that Hono's router falls
// back to its trie, walked for every request. The same routes, handlers and error answers.
const collectOnly = new Hono<AppEnv>().route("/v1/collect", collect);
collectOnly.notFound(renderNotFound);
collectOnly.onError(renderError);
const COLLECT_PATH = "/v1/collect/";
const appFetch = app.fetch;
const fetch: typeof app.fetch = (request, env, ctx) => {
  const url = request.url;
  const path = url.indexOf("/", url.indexOf("//") + 2);
  return (path !== -1 && url.startsWith(COLLECT_PATH, path) ? collectOnly.fetch : appFetch)(request, env, ctx);
};

/**
 * The Worker: HTTP requests through Hono (`fetch`), the notification queues' consumer (`queue`),
 * cron triggers through one dispatcher (`scheduled`, worker/scheduled.ts). The app itself
 * carries them, so tests and tools that import the default export keep the whole Hono app.
 */
const worker: typeof app & Pick<Required<ExportedHandler<Env, NotifyMessage>>, "scheduled" | "queue"> = Object.assign(
  app,
  { fetch, scheduled, queue: handleQueue },
);
export default worker;
