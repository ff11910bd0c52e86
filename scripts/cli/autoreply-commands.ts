// `autoreply …`: the visitor auto-reply (自動返信メール) of a site (docs/mail.md): show the sender
// identity and each form kind's (and resource's) auto-reply, set them, and preview one with sample
// data. The same schemas, refusals and rendering as the team API (worker/mail/autoreply-settings.ts).
import { readFileSync } from "node:fs";
import {
  type AutoReplyUpdate,
  AutoReplyUpdateSchema,
  FORM_KINDS,
  type FormKind,
  MailSenderUpdateSchema,
  PreviewRequestSchema,
  REQUIRED_SENDER_FIELDS,
} from "../../shared/autoreply.ts";
import { listAutoReplies, readSender, updateAutoReply, updateSender } from "../../worker/db/autoreplies.ts";
import { missingSenderField } from "../../worker/mail/autoreply.ts";
import { previewAutoReply, senderChangeProblem, templateProblems } from "../../worker/mail/autoreply-settings.ts";
import { parsed } from "./api-input.ts";
import { type Command, INVOCATION, type OptionValues, str, table, UsageError } from "./command.ts";
import { requireSite, SITE_OPTION } from "./site-options.ts";

/** Each sender field's option (and its label in `show`). */
const SENDER_OPTIONS = {
  senderName: ["sender-name", "sender name", "NAME", "the name the visitor sees as the sender"],
  fromAddress: ["from", "from", "ADDRESS", "the from address, on the sending domain onboarded with the provider"],
  replyTo: ["reply-to", "reply-to", "ADDRESS", "the team's address: replies go there"],
  footerSender: ["footer-sender", "footer: sender", "TEXT", "送信者: the company or person sending"],
  footerContact: ["footer-contact", "footer: contact", "TEXT", "a postal address, or a telephone or address"],
  footerOptout: ["footer-optout", "footer: opt-out", "TEXT", "where to refuse further mail: an address or a URL"],
} as const;
type SenderField = keyof typeof SENDER_OPTIONS;

const TEXT_PARTS = ["subject", "text"] as const;
const LANGS = ["ja", "en"] as const;

const textOptions = Object.fromEntries(
  LANGS.flatMap((lang) => [
    [`subject-${lang}`, { type: "string", value: "TEXT", help: `the ${lang} subject (a template)` }],
    [`text-${lang}`, { type: "string", value: "TEXT", help: `the ${lang} plain-text body (a template)` }],
    [`text-${lang}-file`, { type: "string", value: "FILE", help: `the ${lang} plain-text body, read from FILE` }],
  ]),
);

const KIND_OPTION = {
  type: "string",
  value: "KIND",
  help: `the form kind: ${FORM_KINDS.join(", ")}`,
} as const;
const RESOURCE_OPTION = {
  type: "string",
  value: "RESOURCE_ID",
  help: "a download's own auto-reply for one resource (else every resource without its own)",
} as const;

/** The option of an API field ("senderName", "ja.subject", "hourlyCap"). */
function optionOf(field: string): string {
  if (field in SENDER_OPTIONS) return `--${SENDER_OPTIONS[field as SenderField][0]}`;
  if (field === "hourlyCap") return "--hourly-cap";
  const [lang, part] = field.split(".");
  return part ? `--${part}-${lang}` : `--${field}`;
}

function kindArg(value: string | undefined): FormKind | undefined {
  if (value === undefined) return undefined;
  if (!(FORM_KINDS as readonly string[]).includes(value)) {
    throw new UsageError(`--kind "${value}" is not a form kind: use ${FORM_KINDS.join(", ")}`);
  }
  return value as FormKind;
}

function resourceArg(kind: FormKind | undefined, value: string | undefined): string | null {
  if (value !== undefined && kind !== "download") {
    throw new UsageError(`--resource is for --kind download only${kind ? `, not ${kind}` : ""}`);
  }
  return value ?? null;
}

/** A body from its flag or its file (not both); undefined when neither is given. */
function bodyArg(values: OptionValues, name: string): string | undefined {
  const text = str(values, name);
  const file = str(values, `${name}-file`);
  if (text !== undefined && file !== undefined) throw new UsageError(`--${name} and --${name}-file exclude each other`);
  if (file === undefined) return text;
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`--${name}-file "${file}" cannot be read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
}

/** A 400 of the API's template check, as a usage error naming the option. */
function checkTemplates(texts: Parameters<typeof templateProblems>[0]) {
  const [field, reason] = Object.entries(templateProblems(texts))[0] ?? [];
  if (field) throw new UsageError(`${optionOf(field)} ${reason}`);
}

const show: Command = {
  group: "autoreply",
  name: "show",
  summary: "Show a site's sender identity and each form kind's (and resource's) auto-reply: on or off, its subjects",
  options: { site: SITE_OPTION, json: { type: "boolean", help: "print the settings as JSON (as GET /v1/autoreply)" } },
  examples: [`${INVOCATION} autoreply show --site site_0123…`],
  async run(values, ctx) {
    const site = await requireSite(ctx, str(values, "site")!);
    const db = await ctx.db();
    const sender = await readSender(db, site.id);
    const replies = await listAutoReplies(db, site.id);
    if (values.json) return ctx.out(JSON.stringify({ sender, replies }, null, 2));
    ctx.out(`Sender identity of ${site.siteKey}:`);
    const senderRows = REQUIRED_SENDER_FIELDS.map((f) => [`  ${SENDER_OPTIONS[f][1]}`, sender[f] ?? "(not set)"]);
    for (const line of table([...senderRows, ["  hourly cap", `${sender.hourlyCap} mails`]])) ctx.out(line);
    const missing = missingSenderField(sender);
    if (missing) {
      ctx.out(
        `Incomplete: ${optionOf(missing)} is not set (an auto-reply or delivery by mail needs every field; ${INVOCATION} autoreply set --site ${site.siteKey} ${optionOf(missing)} …).`,
      );
    }
    ctx.out();
    const stored = (kind: FormKind) => replies.filter((r) => r.formKind === kind);
    const rows = FORM_KINDS.flatMap((kind) => {
      const own = stored(kind);
      const all = own.some((r) => r.resourceId === null) ? own : [{ resourceId: null, enabled: false }, ...own];
      return all.map((r) => {
        const texts = "ja" in r ? r : null;
        const subject = (lang: "ja" | "en") => texts?.[lang].subject ?? "(default)";
        const body = (lang: "ja" | "en") => (texts?.[lang].text ? "custom" : "default");
        return [
          kind,
          r.resourceId ?? (kind === "download" ? "(every resource)" : ""),
          r.enabled ? "on" : "off",
          `${body("ja")}/${body("en")}`,
          `${subject("ja")} | ${subject("en")}`,
        ];
      });
    });
    for (const line of table([["KIND", "RESOURCE", "AUTO-REPLY", "BODY JA/EN", "SUBJECT JA | EN"], ...rows])) {
      ctx.out(line);
    }
  },
};

const set: Command = {
  group: "autoreply",
  name: "set",
  summary: "Set the sender identity, and turn a form kind's auto-reply on or off or change its texts",
  options: {
    site: SITE_OPTION,
    ...Object.fromEntries(
      Object.values(SENDER_OPTIONS).map(([name, , value, help]) => [
        name,
        { type: "string", value, help: `${help} ("" clears it)` },
      ]),
    ),
    "hourly-cap": { type: "string", value: "N", help: "at most N visitor mails of the site per hour (1–10000)" },
    kind: KIND_OPTION,
    resource: RESOURCE_OPTION,
    on: { type: "boolean", help: "turn the auto-reply of --kind on (needs the whole sender identity)" },
    off: { type: "boolean", help: "turn the auto-reply of --kind off" },
    ...textOptions,
  },
  examples: [
    `${INVOCATION} autoreply set --site site_0123… --sender-name "サンプル商事" --from info@mail.example.jp --reply-to sales@example.jp --footer-sender "サンプル商事株式会社" --footer-contact "東京都千代田区1-1" --footer-optout optout@example.jp`,
    `${INVOCATION} autoreply set --site site_0123… --kind demo --on --subject-ja "【{{siteName}}】デモのお申し込みを受け付けました" --text-ja-file demo-ja.txt`,
  ],
  notes: [
    "Templates: {{name}}, {{company}}, {{resourceTitle}}, {{downloadUrl}}, {{siteName}}, {{kind}}, {{preferredTime}}; sections {{#x}}…{{/x}} and {{^x}}…{{/x}} (docs/mail.md).",
    "Try texts first: autoreply preview. A running collector picks a change up within a minute.",
  ],
  async run(values, ctx) {
    const senderInput: Record<string, unknown> = {};
    for (const [field, [name]] of Object.entries(SENDER_OPTIONS)) {
      const value = str(values, name);
      if (value !== undefined) senderInput[field] = value.trim() === "" ? null : value;
    }
    const cap = str(values, "hourly-cap");
    if (cap !== undefined) senderInput.hourlyCap = /^\d+$/.test(cap) ? Number(cap) : cap;
    const senderChanges = parsed(MailSenderUpdateSchema, senderInput, optionOf);

    const kind = kindArg(str(values, "kind"));
    const resourceId = resourceArg(kind, str(values, "resource"));
    if (values.on && values.off) throw new UsageError("--on and --off exclude each other");
    const texts = Object.fromEntries(
      LANGS.map((lang) => [
        lang,
        Object.fromEntries(
          TEXT_PARTS.map((part) => [
            part,
            part === "text" ? bodyArg(values, `text-${lang}`) : str(values, `subject-${lang}`),
          ]).filter(([, v]) => v !== undefined),
        ),
      ]).filter(([, parts]) => Object.keys(parts as object).length > 0),
    );
    const templateInput = { ...(values.on || values.off ? { enabled: values.on === true } : {}), ...texts };
    const touchesTemplate = Object.keys(templateInput).length > 0;
    if (touchesTemplate && !kind)
      throw new UsageError("--on, --off and the texts need --kind (which form's auto-reply)");
    if (!touchesTemplate && Object.keys(senderChanges).length === 0) {
      throw new UsageError(
        kind
          ? `nothing to change for --kind ${kind}: give --on, --off or a text`
          : "nothing to change: give a sender option, or --kind with --on, --off or a text",
      );
    }
    const update: AutoReplyUpdate = parsed(AutoReplyUpdateSchema, templateInput, optionOf);
    checkTemplates({ ja: update.ja, en: update.en });

    const site = await requireSite(ctx, str(values, "site")!);
    const db = await ctx.db();
    const merged = { ...(await readSender(db, site.id)), ...senderChanges };
    if (Object.keys(senderChanges).length > 0) {
      // The CLI's database holds the registry too: it is the directory database here.
      const problem = await senderChangeProblem(db, db, site.id, merged);
      if (problem) throw new UsageError(`${optionOf(problem.field)} ${problem.reason}`);
    }
    const missing = missingSenderField(merged);
    if (update.enabled && missing) {
      throw new UsageError(`--on needs the whole sender identity: ${optionOf(missing)} is not set`);
    }
    if (Object.keys(senderChanges).length > 0) {
      await updateSender(db, site.id, senderChanges);
      ctx.out(
        `Sender identity of ${site.siteKey} updated${missing ? ` (still incomplete: ${optionOf(missing)})` : ""}.`,
      );
    }
    if (kind && touchesTemplate) {
      const saved = await updateAutoReply(db, site.id, kind, resourceId, update);
      const which = resourceId ? `${kind} (${resourceId})` : kind;
      ctx.out(`Auto-reply ${which} of ${site.siteKey}: ${saved.enabled ? "on" : "off"}.`);
    }
  },
};

const preview: Command = {
  group: "autoreply",
  name: "preview",
  summary: "Render an auto-reply with sample data, as saved or with texts to try, as a visitor would get it",
  options: {
    site: SITE_OPTION,
    kind: { ...KIND_OPTION, required: true },
    resource: RESOURCE_OPTION,
    lang: { type: "string", value: "LANG", help: "ja (default) or en: the visitor's language" },
    subject: { type: "string", value: "TEXT", help: "a subject to try instead of the saved one" },
    text: { type: "string", value: "TEXT", help: "a plain-text body to try instead of the saved one" },
    "text-file": { type: "string", value: "FILE", help: "the body to try, read from FILE" },
  },
  examples: [
    `${INVOCATION} autoreply preview --site site_0123… --kind demo`,
    `${INVOCATION} autoreply preview --site site_0123… --kind download --lang en --text-file reply-en.txt`,
  ],
  async run(values, ctx) {
    const formKind = kindArg(str(values, "kind"))!;
    const resourceId = resourceArg(formKind, str(values, "resource"));
    const input = {
      formKind,
      language: str(values, "lang"),
      subject: str(values, "subject"),
      text: bodyArg(values, "text"),
    };
    const request = parsed(PreviewRequestSchema, input, (field) => (field === "language" ? "--lang" : `--${field}`));
    checkTemplates({ "": { subject: request.subject, text: request.text } });
    const site = await requireSite(ctx, str(values, "site")!);
    const mail = await previewAutoReply(await ctx.db(), site, { ...request, resourceId });
    ctx.out(`From: ${mail.from}`);
    ctx.out(`Reply-To: ${mail.replyTo ?? "(not set)"}`);
    ctx.out(`To: ${mail.to}`);
    ctx.out(`Subject: ${mail.subject}`);
    ctx.out();
    ctx.out(mail.text);
  },
};

export const autoreplyCommands: Command[] = [show, set, preview];
