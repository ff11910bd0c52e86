// GET /v1/refusals' totals as what the site owner should fix ("37 submissions refused from
// https://www.acme.example: origin not allowed. Add …"), in Japanese and English.

export type Lang = "ja" | "en";

interface Advice {
  /** What happened, short ("origin not allowed"). */
  reason: string;
  /** What to do about it. */
  fix: string;
}

type AdviceTable = Record<string, { ja: Advice; en: Advice }>;

const ADVICE: AdviceTable = {
  origin_not_allowed: {
    ja: {
      reason: "許可されていないオリジン",
      fix: "このオリジンのページで使うなら、許可オリジンに追加してください (npm run hikiai -- origins add)。",
    },
    en: {
      reason: "origin not allowed",
      fix: "If the widget belongs on this origin, add it to the allowed origins (npm run hikiai -- origins add).",
    },
  },
  unknown_site: {
    ja: {
      reason: "サイトキーが不明",
      fix: "スクリプトタグの data-site を、このページに表示されているサイトキーに直してください。",
    },
    en: { reason: "unknown site key", fix: "Correct the script tag's data-site to the site key shown on this page." },
  },
  site_disabled: {
    ja: { reason: "サイトが無効", fix: "サイトを有効に戻すか、埋め込みタグを外してください。" },
    en: { reason: "site disabled", fix: "Enable the site again, or remove the embed tag." },
  },
  rate_limited: {
    ja: {
      reason: "送信が多すぎる",
      fix: "同じ端末から短時間に大量の送信がありました。続く場合は送信元を確認してください。",
    },
    en: {
      reason: "too many submissions",
      fix: "One address sent too many in a short time; if it continues, check where they come from.",
    },
  },
  turnstile_failed: {
    ja: {
      reason: "Turnstile の確認に失敗",
      fix: "ボットの可能性があります。人からの送信なら Turnstile の設定を確認してください。",
    },
    en: {
      reason: "Turnstile check failed",
      fix: "Likely bots; if people are refused, check the site's Turnstile keys.",
    },
  },
  honeypot: {
    ja: { reason: "ボットとして破棄 (隠し項目)", fix: "対応は不要です。" },
    en: { reason: "dropped as a bot (hidden field filled)", fix: "Nothing to do." },
  },
  too_fast: {
    ja: { reason: "ボットとして破棄 (入力が速すぎる)", fix: "対応は不要です。" },
    en: { reason: "dropped as a bot (filled in too fast)", fix: "Nothing to do." },
  },
};

const OTHER: { ja: Advice; en: Advice } = {
  ja: {
    reason: "内容の不備",
    fix: "フォームを独自に組んでいる場合は、送信内容を API の仕様に合わせてください。",
  },
  en: {
    reason: "invalid submission",
    fix: "If you post from your own form, match the body to the API's schema.",
  },
};

/** One refused-submissions line: who, how many, why, and what to fix. */
export function refusalAdvice(
  total: { origin: string | null; otherOrigins?: boolean; code: string; count: number },
  lang: Lang,
): { summary: string; fix: string } {
  const advice = (ADVICE[total.code] ?? OTHER)[lang];
  const { count, origin } = total;
  const reason = ADVICE[total.code] ? advice.reason : `${advice.reason} (${total.code})`;
  if (lang === "ja") {
    const from = total.otherOrigins ? "その他のオリジンから" : origin ? `${origin} から` : "Origin ヘッダーなしで";
    return { summary: `${from}の送信 ${count} 件を受け付けませんでした: ${reason}`, fix: advice.fix };
  }
  const from = total.otherOrigins ? "from other origins" : origin ? `from ${origin}` : "without an Origin header";
  return {
    summary: `${count} submission${count === 1 ? "" : "s"} refused ${from}: ${reason}`,
    fix: advice.fix,
  };
}
