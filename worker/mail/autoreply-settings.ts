// The rules of changing the auto-reply settings and rendering their preview, shared by the team
// API (routes/autoreply.ts) and the CLI (`autoreply set | preview`), so both refuse and render alike.
import type { FormKind, MailSender, Preview } from "../../shared/autoreply.ts";
import { anyAutoReplyEnabled, readAutoReply, readSender } from "../db/autoreplies.ts";
import { missingSenderField } from "./autoreply.ts";
import { senderStillNeeded } from "./by-mail.ts";
import { composeAutoReply, type Lang, sampleValues, templateProblem } from "./templates.ts";

type Texts = { subject?: string | null; text?: string | null; html?: string | null } | undefined;

/** Each text whose template is wrong (unknown variable, unclosed section), as "ja.subject" → reason. */
export function templateProblems(texts: Partial<Record<string, Texts>>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [lang, parts] of Object.entries(texts)) {
    for (const [part, template] of Object.entries(parts ?? {})) {
      const problem = typeof template === "string" ? templateProblem(template) : null;
      if (problem) fields[lang ? `${lang}.${part}` : part] = problem;
    }
  }
  return fields;
}

/** Why the sender identity cannot become `next`, or null: 422 while an auto-reply is on, 409 while a resource is delivered by mail. */
export async function senderChangeProblem(
  db: D1Database,
  directory: D1Database,
  siteId: string,
  next: MailSender,
): Promise<{ status: 409 | 422; field: string; reason: string; resourceId?: string } | null> {
  const missing = missingSenderField(next);
  if (!missing) return null;
  if (await anyAutoReplyEnabled(db, siteId)) {
    return { status: 422, field: missing, reason: "is required while an auto-reply is on" };
  }
  const needed = await senderStillNeeded(directory, siteId, next);
  if (!needed) return null;
  return {
    status: 409,
    field: needed.field,
    resourceId: needed.resourceId,
    reason: `is required while resource ${needed.resourceId} is delivered by mail; set its delivery to page first`,
  };
}

export interface PreviewRequest {
  formKind: FormKind;
  /** A download's resource; null: the all-resources auto-reply. */
  resourceId: string | null;
  language: Lang;
  subject?: string;
  text?: string;
  html?: string;
}

/** The auto-reply as a visitor would get it, with sample data: the saved texts (or defaults) unless drafts are given. */
export async function previewAutoReply(
  db: D1Database,
  site: { id: string; name: string },
  request: PreviewRequest,
): Promise<Preview> {
  const { formKind, resourceId, language } = request;
  const sender = await readSender(db, site.id);
  const saved = await readAutoReply(db, site.id, formKind, resourceId);
  const texts = {
    subject: request.subject ?? saved[language].subject,
    text: request.text ?? saved[language].text,
    html: request.html ?? saved[language].html,
  };
  const values = sampleValues(language, formKind, site.name, resourceId ?? "sample-resource");
  const mail = composeAutoReply({ formKind, lang: language, texts, values, sender, siteName: site.name });
  const from = sender.fromAddress
    ? `${sender.senderName ? `${sender.senderName} ` : ""}<${sender.fromAddress}>`
    : "(sender not set)";
  return {
    from,
    replyTo: sender.replyTo,
    to: language === "ja" ? "taro.yamada@example.jp" : "alex@example.com",
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? null,
  };
}
