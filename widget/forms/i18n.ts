import type { IssueKind } from "../../shared/errors.ts";
import type { Lang } from "../contract.ts";

const ja = {
  label: {
    email: "メールアドレス",
    name: "お名前",
    company: "会社名",
    preferredTime: "ご希望の日時",
    message: { lead: "", demo: "ご質問・ご要望", quote: "ご依頼内容", contact: "お問い合わせ内容" },
  },
  placeholder: {
    email: "例）yamada@example.co.jp",
    name: "例）山田 太郎",
    company: "例）株式会社サンプル",
    preferredTime: "例）来週火曜の午後",
    message: { lead: "", demo: "", quote: "数量、ご予算、ご希望の納期など", contact: "" },
  },
  required: "必須",
  title: { lead: "資料ダウンロード", demo: "デモのお申し込み", quote: "お見積りのご依頼", contact: "お問い合わせ" },
  intro: "メールアドレスをご入力いただくと、資料をダウンロードできます。",
  submit: { lead: "資料をダウンロード", demo: "デモを申し込む", quote: "見積を依頼する", contact: "送信" },
  sending: "送信中…",
  thanksLead: "ありがとうございます。ダウンロードを開始しました。",
  mailed: "ダウンロード用のリンクをメールでお送りしました。",
  thanks: "送信が完了しました。担当者より折り返しご連絡いたします。",
  sent: "ありがとうございます。送信が完了しました。",
  fileLink: "資料はこちらからダウンロードできます",
  queued: "ただいま送信できません。入力内容は保存されており、接続が回復すると自動的に送信されます。",
  unsent: "前回の送信はまだ完了していません。内容をご確認のうえ、もう一度送信してください。",
  check: "入力内容をご確認ください。",
  failed: "送信できませんでした。お手数ですが、時間をおいて再度お試しください。",
  refused:
    "申し訳ありません。このフォームは現在ご利用いただけないため、送信できませんでした。入力内容はそのまま残っています。",
  fallback: "お手数ですが、こちらのメールアドレスまでご連絡ください：",
  consent: ["送信すると、", "プライバシーポリシー", "に同意したものとみなされます。"],
  close: "閉じる",
  // Only the kinds a visitor can cause in these forms (no URL field; the kind is the widget's own
  // choice; a minimum of 1 is "required"): anything else is shown as `invalid`.
  reasons: {
    required: "入力してください",
    invalid_email: "メールアドレスの形式が正しくありません",
    too_long: "文字数が多すぎます",
    invalid: "入力内容が正しくありません",
  } satisfies Partial<Record<IssueKind, string>>,
};

export type Texts = typeof ja;

const en: Texts = {
  label: {
    email: "E-mail",
    name: "Name",
    company: "Company",
    preferredTime: "Preferred date and time",
    message: {
      lead: "",
      demo: "Anything we should know?",
      quote: "What would you like a quote for?",
      contact: "Message",
    },
  },
  placeholder: {
    email: "you@company.com",
    name: "Jane Smith",
    company: "Acme Inc.",
    preferredTime: "e.g. next Tuesday afternoon",
    message: { lead: "", demo: "", quote: "Quantity, budget, timeline…", contact: "" },
  },
  required: "Required",
  title: { lead: "Download", demo: "Request a demo", quote: "Request a quote", contact: "Contact us" },
  intro: "Enter your e-mail address to get the file.",
  submit: { lead: "Download", demo: "Request a demo", quote: "Request a quote", contact: "Send" },
  sending: "Sending…",
  thanksLead: "Thank you! Your download has started.",
  mailed: "We sent the download link to your e-mail address.",
  thanks: "Thank you! We have received your request and will get back to you shortly.",
  sent: "Thank you! Your details have been sent.",
  fileLink: "Download the file here",
  queued:
    "We can't send this right now. Your entry is saved and will be sent automatically when the connection is back.",
  unsent: "Your earlier entry has not been sent yet. Please check it and send it again.",
  check: "Please check the highlighted fields.",
  failed: "Sorry, this could not be sent. Please try again later.",
  refused: "Sorry, this form is not available right now, so your entry was not sent. What you typed is still here.",
  fallback: "Please e-mail us instead: ",
  consent: ["By submitting you agree to our ", "privacy policy", "."],
  close: "Close",
  reasons: {
    required: "Please fill in this field",
    invalid_email: "Please enter a valid e-mail address",
    too_long: "This is too long",
    invalid: "This value is not valid",
  },
};

/** All texts of the widget, per language. */
export const TEXTS: Record<Lang, Texts> = { ja, en };
