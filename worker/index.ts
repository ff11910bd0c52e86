import { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { renderError, renderNotFound } from "./lib/api-error.ts";
import { collect } from "./routes/collect.ts";
import { inquiries } from "./routes/inquiries.ts";
import { widgetScript } from "./routes/widget-script.ts";

const app = new Hono<AppEnv>();

app.get("/healthz", (c) => c.json({ ok: true }));
app.route("/", widgetScript);
app.route("/v1/collect", collect);
app.route("/v1/inquiries", inquiries);
app.notFound(renderNotFound);
app.onError(renderError);

export default app;
