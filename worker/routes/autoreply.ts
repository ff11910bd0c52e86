import {
  type AutoReply,
  AutoReplyPathSchema,
  AutoReplyQuerySchema,
  AutoReplySchema,
  AutoReplySettingsSchema,
  type AutoReplyUpdate,
  AutoReplyUpdateSchema,
  type FormKind,
  MailSenderSchema,
  MailSenderUpdateSchema,
  PreviewRequestSchema,
  PreviewSchema,
} from "../../shared/autoreply.ts";
import { listAutoReplies, readSender, updateAutoReply, updateSender } from "../db/autoreplies.ts";
import { directoryDatabase } from "../db/handle.ts";
import { ApiError } from "../lib/api-error.ts";
import { missingSenderField } from "../mail/autoreply.ts";
import { previewAutoReply, senderChangeProblem, templateProblems } from "../mail/autoreply-settings.ts";
import { DEFAULT_TEMPLATES } from "../mail/templates.ts";
import { forgetSiteAfterWrite } from "../middleware/forget-site.ts";
import { describeRoute, jsonBody, requireRole, teamRoutes, validate } from "./team-api.ts";

/** Team API: the visitor auto-reply (自動返信メール), its sender identity and a preview (docs/mail.md). */
export const autoreply = teamRoutes();
// Turning an auto-reply on or off decides the collect path's outbox row (lib/outbox-need.ts).
autoreply.use("*", forgetSiteAfterWrite);

const SENDER_HINT = "set it with PATCH /v1/autoreply/sender (or `npm run hikiai -- autoreply set --sender …`)";

/** 422 naming the first sender field an auto-reply needs that is missing. */
function requireSender(sender: Parameters<typeof missingSenderField>[0], because: string) {
  const missing = missingSenderField(sender);
  if (missing) {
    throw new ApiError(422, "sender_incomplete", `The sender identity is incomplete: ${missing} is not set.`, {
      [`sender.${missing}`]: `is required ${because}; ${SENDER_HINT}`,
    });
  }
}

/** 400 naming each text whose template is wrong (unknown variable, unclosed section). */
function checkTemplates(texts: Parameters<typeof templateProblems>[0]) {
  const fields = templateProblems(texts);
  if (Object.keys(fields).length) throw new ApiError(400, "invalid_body", "A template does not work.", fields);
}

/** A resource id only for downloads; '' and absent mean every resource. */
function resourceOf(formKind: FormKind, resource: string | undefined): string | null {
  if (resource && formKind !== "download") {
    throw new ApiError(400, "invalid_query", "Only a download's auto-reply can be set per resource.", {
      resource: `is for formKind download only, not ${formKind}`,
    });
  }
  return resource ?? null;
}

autoreply.get(
  "/",
  describeRoute({
    summary: "The auto-reply settings: the sender identity and each form kind's (and resource's) auto-reply",
    description:
      "Form kinds without a row are off and use the built-in texts. Texts that are null are the built-in defaults: `defaults` holds them as templates, POST /v1/autoreply/preview renders them.",
    tags: ["mail"],
    responses: { 200: { description: "The settings.", schema: AutoReplySettingsSchema } },
  }),
  async (c) =>
    c.json({
      sender: await readSender(c.var.db, c.var.site.id),
      replies: await listAutoReplies(c.var.db, c.var.site.id),
      defaults: DEFAULT_TEMPLATES,
    }),
);

autoreply.patch(
  "/sender",
  describeRoute({
    summary: "Set the sender identity and footer of the site's mail to visitors",
    description:
      "senderName, fromAddress (on the sending domain onboarded with the provider), replyTo (the team), and the footer Japan's 特定電子メール法 asks for: footerSender (送信者), footerContact (a postal address or contact), footerOptout (where to refuse mail). All are required before an auto-reply can be turned on. hourlyCap: at most this many visitor mails per hour (default 60).",
    tags: ["mail"],
    responses: { 200: { description: "The sender identity.", schema: MailSenderSchema } },
    errors: [409, 422],
  }),
  requireRole("admin"),
  jsonBody,
  validate("json", MailSenderUpdateSchema),
  async (c) => {
    const changes = c.req.valid("json");
    const merged = { ...(await readSender(c.var.db, c.var.site.id)), ...changes };
    // An auto-reply that is on, or a resource delivered by mail (the form promised the link), sends from it.
    const problem = await senderChangeProblem(c.var.db, directoryDatabase(c.env), c.var.site.id, merged);
    if (problem?.status === 422) requireSender(merged, "while an auto-reply is on");
    if (problem) {
      throw new ApiError(
        409,
        "sender_in_use",
        `The sender identity is in use: resource ${problem.resourceId} is delivered by mail.`,
        { [`sender.${problem.field}`]: `${problem.reason} (PUT /v1/resources/${problem.resourceId})` },
      );
    }
    return c.json(await updateSender(c.var.db, c.var.site.id, changes));
  },
);

autoreply.patch(
  "/:formKind",
  describeRoute({
    summary: "Turn a form kind's auto-reply on or off, or change its texts (ja and en, the visitor's language)",
    description:
      "Plain text always, HTML optional; null brings a text back to the built-in default. Variables: {{name}}, {{company}}, {{resourceTitle}}, {{downloadUrl}}, {{siteName}}, {{kind}}, {{preferredTime}}; sections {{#x}}…{{/x}} (x not empty) and {{^x}}…{{/x}} (empty). A visitor's name, company and preferred time are quoted on one line, clipped, without links. ?resource= sets a download's auto-reply for one resource (else every resource without its own).",
    tags: ["mail"],
    responses: { 200: { description: "The auto-reply.", schema: AutoReplySchema } },
    errors: [422],
  }),
  requireRole("admin"),
  jsonBody,
  validate("json", AutoReplyUpdateSchema),
  validate("param", AutoReplyPathSchema),
  validate("query", AutoReplyQuerySchema),
  async (c) => {
    const { formKind } = c.req.valid("param");
    const resourceId = resourceOf(formKind, c.req.valid("query").resource);
    const update: AutoReplyUpdate = c.req.valid("json");
    checkTemplates({ ja: update.ja, en: update.en });
    if (update.enabled) requireSender(await readSender(c.var.db, c.var.site.id), "before an auto-reply is turned on");
    const saved: AutoReply = await updateAutoReply(c.var.db, c.var.site.id, formKind, resourceId, update);
    return c.json(saved);
  },
);

autoreply.post(
  "/preview",
  describeRoute({
    summary: "Render an auto-reply with sample data, as saved or with unsaved texts, before turning it on",
    tags: ["mail"],
    responses: { 200: { description: "The mail as a visitor would get it.", schema: PreviewSchema } },
  }),
  jsonBody,
  validate("json", PreviewRequestSchema),
  async (c) => {
    const { formKind, resourceId, language, ...draft } = c.req.valid("json");
    checkTemplates({ "": draft });
    const resource = resourceOf(formKind, resourceId);
    return c.json(await previewAutoReply(c.var.db, c.var.site, { formKind, resourceId: resource, language, ...draft }));
  },
);
