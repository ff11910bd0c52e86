// The auto-reply's texts: built-in defaults good enough to turn on unchanged, the small template
// language (`{{name}}`, sections `{{#x}}…{{/x}}` and `{{^x}}…{{/x}}`), and the footer Japan's
// 特定電子メール法 asks for. Pure: the worker, the CLI's preview and the tests use it alike.
//
// Not a spam cannon: the only things a visitor typed that reach the mail are their name and
// company, clipped, on one line and without anything a mail client would turn into a link
// (visitorText), so a form cannot be used to mail a stranger a message or a link of one's own.
import { type FormKind, type MailSender, TEMPLATE_VARIABLES, type TemplateVariable } from "../../shared/autoreply.ts";

export type Lang = "ja" | "en";
export type TemplateValues = Record<TemplateVariable, string>;

/** How many characters of a visitor's name (or company) a mail may quote. */
export const VISITOR_TEXT_MAX = 40;

// Anything a mail client may turn into a link: a scheme, www., an address, a domain name.
const LINKISH = /\S*(?:[a-z][a-z0-9+.-]*:\/\/|www\.|@|[\p{L}\p{N}-]+\.[\p{L}]{2,})\S*/giu;
// Line breaks and every other control or separator character that could end a line or hide text.
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;

/** A visitor's name or company as a mail may quote it: one line, no links, at most VISITOR_TEXT_MAX characters. */
export function visitorText(raw: string | null | undefined, max = VISITOR_TEXT_MAX): string {
  if (!raw) return "";
  const cleaned = raw.normalize("NFKC").replace(CONTROL, " ").replace(LINKISH, " ").replace(/\s+/g, " ").trim();
  const chars = [...cleaned];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : cleaned;
}

export const KIND_LABELS: Record<Lang, Record<FormKind, string>> = {
  ja: { download: "資料ダウンロード", demo: "デモのご依頼", quote: "お見積りのご依頼", contact: "お問い合わせ" },
  en: { download: "download", demo: "demo request", quote: "quote request", contact: "inquiry" },
};

const JA_GREETING = "{{#name}}{{name}} 様{{/name}}{{^name}}お客様{{/name}}";
const EN_GREETING = "{{#name}}Dear {{name}},{{/name}}{{^name}}Hello,{{/name}}";

// The line before a mailed download link: in the defaults, and added with the link to a site's
// own text that leaves {{downloadUrl}} out (composeAutoReply).
const LINK_LINE: Record<Lang, string> = {
  ja: "下記のリンクからダウンロードいただけます。",
  en: "You can download it here:",
};

const DOWNLOAD_JA = `${JA_GREETING}

{{siteName}} の「{{resourceTitle}}」をお申し込みいただき、ありがとうございます。
{{#downloadUrl}}
${LINK_LINE.ja}
{{downloadUrl}}
{{/downloadUrl}}
ご不明な点がございましたら、このメールにご返信ください。`;

const INQUIRY_JA = `${JA_GREETING}

{{siteName}} への{{kind}}を受け付けました。ありがとうございます。
担当者より、営業日 2 日以内にご連絡いたします。

このメールは受付のお知らせとして自動でお送りしています。
お急ぎの場合は、このメールにご返信ください。`;

const DOWNLOAD_EN = `${EN_GREETING}

Thank you for requesting "{{resourceTitle}}" from {{siteName}}.
{{#downloadUrl}}
${LINK_LINE.en}
{{downloadUrl}}
{{/downloadUrl}}
If you have any questions, just reply to this mail.`;

const INQUIRY_EN = `${EN_GREETING}

Thank you: {{siteName}} has received your {{kind}}.
Someone from our team will get back to you within two business days.

This is an automatic receipt. If your matter is urgent, reply to this mail.`;

type Texts = Record<Lang, { subject: string; text: string }>;

/** An inquiry kind's receipt: the same texts, the subject naming what was received. */
const receipt = (ja: string, en: string): Texts => ({
  ja: { subject: `【{{siteName}}】${ja}を受け付けました`, text: INQUIRY_JA },
  en: { subject: `{{siteName}}: we received your ${en}`, text: INQUIRY_EN },
});

/** The built-in texts per form kind and language (plain text; no HTML by default). */
export const DEFAULT_TEMPLATES: Record<FormKind, Texts> = {
  download: {
    ja: { subject: "【{{siteName}}】資料のお申し込みありがとうございます", text: DOWNLOAD_JA },
    en: { subject: "{{siteName}}: thank you for your download request", text: DOWNLOAD_EN },
  },
  demo: receipt("デモのご依頼", "demo request"),
  quote: receipt("お見積りのご依頼", "quote request"),
  contact: receipt("お問い合わせ", "inquiry"),
};

const TAG = /\{\{\s*([#^/]?)\s*([A-Za-z]+)\s*\}\}/g;

/** What is wrong with a template (unknown variables, unbalanced sections), as one sentence; null when fine. */
export function templateProblem(template: string): string | null {
  const open: string[] = [];
  for (const [, sigil, name] of template.matchAll(TAG)) {
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name!)) {
      return `unknown variable {{${sigil}${name}}}; use ${TEMPLATE_VARIABLES.join(", ")}`;
    }
    if (sigil === "#" || sigil === "^") open.push(name!);
    else if (sigil === "/" && open.pop() !== name) return `{{/${name}}} closes no open {{#${name}}} section`;
  }
  return open.length ? `{{#${open[open.length - 1]}}} is never closed with {{/${open[open.length - 1]}}}` : null;
}

// A section tag alone on its line takes its line break with it (as in Mustache), so sections
// that are left out leave no blank line.
const STANDALONE = /^[ \t]*(\{\{\s*[#^/]\s*[A-Za-z]+\s*\}\})[ \t]*\r?\n/gm;
const SECTION = /\{\{\s*([#^])\s*([A-Za-z]+)\s*\}\}([\s\S]*?)\{\{\s*\/\s*\2\s*\}\}/;

/** Fills a (valid) template: sections first, then variables, each value passed through `encode` (HTML: escapeHtml). */
export function renderTemplate(template: string, values: TemplateValues, encode = (s: string) => s): string {
  let out = template.replace(STANDALONE, "$1");
  for (let match = out.match(SECTION); match; match = out.match(SECTION)) {
    const [whole, sigil, name, body] = match;
    const present = (values[name as TemplateVariable] ?? "") !== "";
    out = out.replace(whole, (sigil === "#") === present ? (body ?? "") : "");
  }
  return out.replace(TAG, (_, _sigil: string, name: string) => encode(values[name as TemplateVariable] ?? ""));
}

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The footer every auto-reply ends with: sender, contact, where to refuse mail, and why it came. */
export function footerLines(sender: MailSender, lang: Lang, siteName: string): string[] {
  return lang === "ja"
    ? [
        "──────────",
        `送信者：${sender.footerSender ?? ""}`,
        `連絡先：${sender.footerContact ?? ""}`,
        `配信停止・お問い合わせ：${sender.footerOptout ?? ""}`,
        `このメールは ${siteName} のフォームへの送信に自動でお答えしています。お心当たりのない場合は破棄してください。`,
      ]
    : [
        "----------",
        `Sender: ${sender.footerSender ?? ""}`,
        `Contact: ${sender.footerContact ?? ""}`,
        `To stop mail or ask us anything: ${sender.footerOptout ?? ""}`,
        `This is an automatic answer to a form sent on ${siteName}. If it was not you, please ignore this mail.`,
      ];
}

export interface ComposedMail {
  subject: string;
  text: string;
  html?: string;
}

/**
 * The auto-reply for one submission: the site's texts (or the defaults), the values, and the
 * footer. The subject is one line; HTML only when the site wrote an HTML version.
 */
export function composeAutoReply(input: {
  formKind: FormKind;
  lang: Lang;
  texts: { subject: string | null; text: string | null; html: string | null };
  values: TemplateValues;
  sender: MailSender;
  siteName: string;
}): ComposedMail {
  const defaults = DEFAULT_TEMPLATES[input.formKind][input.lang];
  const footer = footerLines(input.sender, input.lang, input.siteName);
  const subject = renderTemplate(input.texts.subject ?? defaults.subject, input.values)
    .replace(/\s+/g, " ")
    .trim();
  // A mailed link the visitor was promised (the form said so) is in the mail even when the site's
  // own text or HTML leaves {{downloadUrl}} out: added after it, as the defaults word it.
  const url = input.values.downloadUrl;
  let body = renderTemplate(input.texts.text ?? defaults.text, input.values).trimEnd();
  if (url && !body.includes(url)) body += `\n\n${LINK_LINE[input.lang]}\n${url}`;
  const mail: ComposedMail = { subject, text: `${body}\n\n${footer.join("\n")}\n` };
  if (input.texts.html) {
    let html = renderTemplate(input.texts.html, input.values, escapeHtml);
    const href = escapeHtml(url);
    if (url && !html.includes(href))
      html += `\n<p>${escapeHtml(LINK_LINE[input.lang])}<br><a href="${href}">${href}</a></p>`;
    const foot = footer.map(escapeHtml).join("<br>");
    mail.html = `${html}\n<hr>\n<p style="font-size:12px;color:#555">${foot}</p>\n`;
  }
  return mail;
}

/** Sample values for previews. */
export function sampleValues(lang: Lang, formKind: FormKind, siteName: string, resourceTitle: string): TemplateValues {
  return {
    name: lang === "ja" ? "山田 太郎" : "Alex Smith",
    company: lang === "ja" ? "株式会社サンプル" : "Example Inc.",
    resourceTitle: formKind === "download" ? resourceTitle : "",
    downloadUrl: "",
    siteName,
    kind: KIND_LABELS[lang][formKind],
    preferredTime: formKind === "demo" ? (lang === "ja" ? "来週火曜の午後" : "next Tuesday afternoon") : "",
  };
}
