// Slack incoming-webhook texts, for people: in the site's language (ja / en), short, with what a
// salesperson needs to decide how to answer. Other chat tools get the generic webhook's JSON.
import { INQUIRY_KINDS } from "../../shared/schemas.ts";
import type { DigestData } from "./digest.ts";
import type { EventEnvelope, InquiryCreatedData, LeadCreatedData } from "./payloads.ts";
import type { StalledData } from "./stall.ts";

export type Language = "ja" | "en";

/** The events there is a text for, as their builders type them (payloads.ts, stall.ts, digest.ts). */
type KnownEvent =
  | (EventEnvelope<InquiryCreatedData> & { type: "inquiry.created" })
  | (EventEnvelope<LeadCreatedData> & { type: "lead.created" })
  | (EventEnvelope<StalledData> & { type: "inquiry.stalled" })
  | (EventEnvelope<DigestData> & { type: "digest.daily" })
  | (EventEnvelope & { type: "webhook.test" });

/** Who a record is about, as its events name them. */
type Person = { email: string; name: string | null; company: string | null };

const KIND: Record<Language, Record<string, string>> = {
  ja: { demo: "デモ依頼", quote: "見積依頼", contact: "お問い合わせ" },
  en: { demo: "demo request", quote: "quote request", contact: "contact request" },
};

const T = {
  ja: {
    newInquiry: (kind: string) => `新しい${kind}`,
    newLead: "新しいリード（資料ダウンロード）",
    source: "流入元 (utm_source)",
    none: "なし",
    downloadedBefore: "事前のダウンロード",
    stalled: (kind: string, hours: string) => `未対応の${kind}: 営業時間で${hours}時間、ステータスが「新規」のままです`,
    test: "hikiai のテスト通知です。Slack への通知は届いています。",
    digestTitle: (date: string) => `日次ダイジェスト（${date}）`,
    digestLine: (leads: number, contacts: number) => `リード ${leads} 件・新規コンタクト ${contacts} 件`,
    inquiries: "引き合い",
    waiting: (n: number) => `24時間以上「新規」のままの引き合い: ${n} 件`,
    age: (hours: number) => `${hours}時間経過`,
    week: "先週と前週の比較",
    total: "合計",
    unknown: "（名前なし）",
  },
  en: {
    newInquiry: (kind: string) => `New ${kind}`,
    newLead: "New lead (resource download)",
    source: "Source (utm_source)",
    none: "none",
    downloadedBefore: "Downloaded before",
    stalled: (kind: string, hours: string) => `Unanswered ${kind}: still "new" after ${hours} business hours`,
    test: "This is a test notification from hikiai. Slack notifications arrive.",
    digestTitle: (date: string) => `Daily digest (${date})`,
    digestLine: (leads: number, contacts: number) => `${leads} leads · ${contacts} new contacts`,
    inquiries: "Inquiries",
    waiting: (n: number) => `Inquiries still "new" after 24 h: ${n}`,
    age: (hours: number) => `${hours} h old`,
    week: "Last week vs the week before",
    total: "total",
    unknown: "(no name)",
  },
} as const;

/**
 * Slack mrkdwn needs &, < and > escaped; everything a visitor typed goes through this. Every
 * value is one line of the message, so its white space (line breaks included) is collapsed: a
 * name or preferred time must not add lines that look like the message's own.
 */
const esc = (text: unknown) =>
  String(text ?? "")
    .replace(/\s+/g, " ")
    .trim()
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");

/** The first `max` characters (by code point, so Japanese text is not cut mid-character). */
export function excerpt(text: string, max = 200): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : chars.join("");
}

function who(contact: Person, lang: Language) {
  const name = contact.name ? esc(contact.name) : T[lang].unknown;
  const company = contact.company ? (lang === "ja" ? `（${esc(contact.company)}）` : ` (${esc(contact.company)})`) : "";
  return `*${name}*${company} <mailto:${esc(contact.email)}|${esc(contact.email)}>`;
}

const day = (isoTime: string) => isoTime.slice(0, 10);

function downloadsLine(downloads: InquiryCreatedData["earlierDownloads"], lang: Language) {
  const list = downloads.map((d) => `${esc(d.resourceId)} (${day(d.at)})`).join(", ");
  return `${T[lang].downloadedBefore}: ${list || T[lang].none}`;
}

/**
 * The digest's lines: Slack mrkdwn, or `plain` text for the digest by mail (notify/digest-mail.ts),
 * where nothing is escaped or marked up (the digest holds no visitor's text; the site's name is
 * the team's own).
 */
export function digestText(data: DigestData, lang: Language, plain = false): string {
  const t = T[lang];
  const bold = (text: string) => (plain ? text : `*${text}*`);
  const y = data.yesterday;
  const kinds = (n: DigestData["yesterday"]) =>
    `${t.inquiries}: ${INQUIRY_KINDS.map((k) => `${KIND[lang][k]} ${n.inquiries[k]}`).join(" · ")} (${t.total} ${
      n.inquiries.total
    })`;
  const lines = [
    plain
      ? `${t.digestTitle(data.date)} — ${data.site.name}`
      : `:bar_chart: ${bold(t.digestTitle(data.date))} — ${esc(data.site.name)}`,
    t.digestLine(y.leads, y.contacts),
    kinds(y),
  ];
  lines.push(t.waiting(data.stillNewCount ?? data.stillNew.length));
  // No names in the digest (digest.ts): the kind, the age and the id to look the inquiry up by.
  for (const w of data.stillNew.slice(0, 10)) {
    lines.push(`• ${KIND[lang][w.kind] ?? w.kind} — ${t.age(w.ageHours)} — ${plain ? w.id : `\`${esc(w.id)}\``}`);
  }
  if (data.week) {
    const { current, previous } = data.week;
    const delta = (a: number, b: number) => `${a} (${a - b >= 0 ? "+" : ""}${a - b})`;
    lines.push(
      `${bold(t.week)} (${current.from}〜${current.to} / ${previous.from}〜${previous.to})`,
      `${lang === "ja" ? "リード" : "Leads"}: ${delta(current.leads, previous.leads)} · ${
        lang === "ja" ? "新規コンタクト" : "New contacts"
      }: ${delta(current.contacts, previous.contacts)} · ${t.inquiries}: ${delta(
        current.inquiries.total,
        previous.inquiries.total,
      )}`,
    );
  }
  return lines.join("\n");
}

/** The Slack message (`{ text }`) for an event, in `lang`. */
export function slackMessage(stored: EventEnvelope, lang: Language): { text: string } {
  const t = T[lang];
  // Read back from the stored payload, which its builder typed.
  const event = stored as KnownEvent;
  switch (event.type) {
    case "inquiry.created": {
      const { data } = event;
      const i = data.inquiry;
      const lines = [`:bell: *${t.newInquiry(KIND[lang][i.kind] ?? i.kind)}* — ${who(i.contact, lang)}`];
      if (i.message) lines.push(`> ${esc(excerpt(i.message))}`);
      if (i.preferredTime) lines.push(`${lang === "ja" ? "希望日時" : "Preferred time"}: ${esc(i.preferredTime)}`);
      lines.push(`${t.source}: ${esc(i.context.utm.source ?? t.none)}`, downloadsLine(data.earlierDownloads, lang));
      // A mention notifies the assignee in Slack; the id's format is checked when it is set.
      const slackId = data.assignedTo?.slackUserId;
      if (slackId) lines.push(`${lang === "ja" ? "担当" : "Assignee"}: <@${slackId}>`);
      return { text: lines.join("\n") };
    }
    case "lead.created": {
      const { data } = event;
      const l = data.lead;
      return {
        text: [
          `:inbox_tray: *${t.newLead}* — ${who(l.contact, lang)}`,
          `${lang === "ja" ? "資料" : "Resource"}: ${esc(l.resourceId)}`,
          `${t.source}: ${esc(l.context.utm.source ?? t.none)}`,
          downloadsLine(data.earlierDownloads, lang),
        ].join("\n"),
      };
    }
    case "inquiry.stalled": {
      const { data } = event;
      const i = data.inquiry;
      const hours = String(Math.round((data.waitingBusinessMinutes / 60) * 10) / 10);
      const lines = [`:hourglass: *${t.stalled(KIND[lang][i.kind] ?? i.kind, hours)}* — ${who(i.contact, lang)}`];
      if (i.message) lines.push(`> ${esc(excerpt(i.message))}`);
      return { text: lines.join("\n") };
    }
    case "digest.daily":
      return { text: digestText(event.data, lang) };
    case "webhook.test":
      return { text: `:white_check_mark: ${t.test}` };
  }
}
