import type { IssueKind } from "../../shared/errors.ts";
import type { FieldName, FormKind, Lang } from "../contract.ts";

// Every text once, with its translations beside it: [en, ja]. Each array is one text in both
// languages (the consent line is three pieces in each), so no language can miss a key.
const texts = {
  // Each field's label and placeholder; the message field's are the form's own (below).
  fields: {
    email: { label: ["E-mail", "メールアドレス"], placeholder: ["you@company.com", "例）yamada@example.co.jp"] },
    name: { label: ["Name", "お名前"], placeholder: ["Jane Smith", "例）山田 太郎"] },
    company: { label: ["Company", "会社名"], placeholder: ["Acme Inc.", "例）株式会社サンプル"] },
    preferredTime: {
      label: ["Preferred date and time", "ご希望の日時"],
      placeholder: ["e.g. next Tuesday afternoon", "例）来週火曜の午後"],
    },
  } satisfies Record<Exclude<FieldName, "message">, FieldTexts>,
  // Each kind of form: its title, its button and its message field (a lead form has none).
  forms: {
    lead: { title: ["Download", "資料ダウンロード"], submit: ["Download", "資料をダウンロード"] },
    demo: {
      title: ["Request a demo", "デモのお申し込み"],
      submit: ["Request a demo", "デモを申し込む"],
      message: { label: ["Anything we should know?", "ご質問・ご要望"] },
    },
    quote: {
      title: ["Request a quote", "お見積りのご依頼"],
      submit: ["Request a quote", "見積を依頼する"],
      message: {
        label: ["What would you like a quote for?", "ご依頼内容"],
        placeholder: ["Quantity, budget, timeline…", "数量、ご予算、ご希望の納期など"],
      },
    },
    contact: {
      title: ["Contact us", "お問い合わせ"],
      submit: ["Send", "送信"],
      message: { label: ["Message", "お問い合わせ内容"] },
    },
  } as Record<FormKind, { title: string[]; submit: string[]; message?: FieldTexts }>,
  required: ["Required", "必須"],
  sending: ["Sending…", "送信中…"],
  thanksLead: ["Thank you! Your download has started.", "ありがとうございます。ダウンロードを開始しました。"],
  mailed: ["We sent the download link to your e-mail address.", "ダウンロード用のリンクをメールでお送りしました。"],
  sent: ["Thank you! Your details have been sent.", "ありがとうございます。送信が完了しました。"],
  // A lead form with no file anywhere (no link on the page, none registered): sent, and no file.
  noFile: [
    "Thank you! Your details have been sent, but the file is not available.",
    "ありがとうございます。送信が完了しましたが、資料はご用意できません。",
  ],
  fileLink: ["Download the file here", "資料はこちらからダウンロードできます"],
  check: ["Please check the highlighted fields.", "入力内容をご確認ください。"],
  fallback: ["Please e-mail us instead: ", "お手数ですが、こちらのメールアドレスまでご連絡ください："],
  intro: [
    "Enter your e-mail address to get the file.",
    "メールアドレスをご入力いただくと、資料をダウンロードできます。",
  ],
  thanks: [
    "Thank you! We have received your request and will get back to you shortly.",
    "送信が完了しました。担当者より折り返しご連絡いたします。",
  ],
  queued: [
    "We can't send this right now. Your entry is saved and will be sent automatically when the connection is back.",
    "ただいま送信できません。入力内容は保存されており、接続が回復すると自動的に送信されます。",
  ],
  unsent: [
    "Your earlier entry has not been sent yet. Please check it and send it again.",
    "前回の送信はまだ完了していません。内容をご確認のうえ、もう一度送信してください。",
  ],
  failed: [
    "Sorry, this could not be sent. Please try again later.",
    "送信できませんでした。お手数ですが、時間をおいて再度お試しください。",
  ],
  refused: [
    "Sorry, this form is not available right now, so your entry was not sent. What you typed is still here.",
    "申し訳ありません。このフォームは現在ご利用いただけないため、送信できませんでした。入力内容はそのまま残っています。",
  ],
  consent: [
    ["By submitting you agree to our ", "privacy policy", "."],
    ["送信すると、", "プライバシーポリシー", "に同意したものとみなされます。"],
  ],
  close: ["Close", "閉じる"],
  // Only the kinds a visitor can cause in these forms (no URL field; the kind is the widget's own
  // choice; a minimum of 1 is "required"): anything else is shown as `invalid`.
  reasons: {
    required: ["Please fill in this field", "入力してください"],
    invalid_email: ["Please enter a valid e-mail address", "メールアドレスの形式が正しくありません"],
    too_long: ["This is too long", "文字数が多すぎます"],
    invalid: ["This value is not valid", "入力内容が正しくありません"],
  } satisfies Partial<Record<IssueKind, string[]>>,
};
type FieldTexts = { label: string[]; placeholder?: string[] };

/** One language's side of a table of texts: each array (a text in every language) becomes its one entry. */
type InOne<T> = T extends (infer Text)[] ? Text : { [K in keyof T]: InOne<T[K]> };
export type Texts = InOne<typeof texts>;

// A text (an array) has an entry at `i`; a group (an object of texts) has none and is walked.
function inOne(table: Table, i: number): object {
  const out: Record<string, unknown> = {};
  for (const key in table) out[key] = (table[key] as unknown[])[i] ?? inOne(table[key] as Table, i);
  return out;
}
type Table = { [key: string]: Table | unknown[] };

/** All texts of the widget, per language. */
export const TEXTS = { ja: inOne(texts, 1), en: inOne(texts, 0) } as Record<Lang, Texts>;
