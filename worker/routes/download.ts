// GET /d/:token: a download link mailed for a resource delivered by mail (docs/downloads.md).
// A valid link is counted on its lead and redirects to the file; its first opening marks the lead
// downloaded and the contact's address verified. Any other link gets a page (ja/en) that says
// why and how to get a new one.
import { Hono } from "hono";
import * as z from "zod/mini";
import { leadPageUrl, openDownloadLink } from "../db/download-links.ts";
import { databaseFor, directoryDatabase } from "../db/handle.ts";
import { findResource } from "../db/resources.ts";
import type { AppEnv } from "../env.ts";
import { bilingualPage, escapeHtml } from "../lib/bilingual-page.ts";
import { verifyDownloadToken } from "../lib/download-link.ts";
import { describeRoute } from "../openapi/describe.ts";

export const download = new Hono<AppEnv>();

type Problem = "invalid" | "expired" | "used_up" | "gone";

const TEXT: Record<Problem, { ja: string; en: string }> = {
  invalid: {
    ja: "このダウンロードリンクは正しくありません（メールの途中で切れている可能性があります）。",
    en: "This download link is not valid (it may have been cut short in the mail).",
  },
  expired: { ja: "このダウンロードリンクは有効期限が切れています。", en: "This download link has expired." },
  used_up: {
    ja: "このダウンロードリンクは利用回数の上限に達しました。",
    en: "This download link has been used as many times as it allows.",
  },
  gone: { ja: "この資料は現在ダウンロードできません。", en: "This file can no longer be downloaded from this link." },
};

/** The page for a link that cannot download; `pageUrl`: where the visitor asked for the file, to ask again. */
function problemPage(problem: Problem, pageUrl?: string | null): string {
  const { ja, en } = TEXT[problem];
  const safe = pageUrl && /^https?:\/\//.test(pageUrl) ? escapeHtml(pageUrl) : null;
  return bilingualPage(
    "ダウンロードできません / Cannot download",
    {
      heading: "ダウンロードできません",
      paragraphs: [
        escapeHtml(ja),
        safe
          ? `<a href="${safe}">資料をお申し込みいただいたページ</a>でもう一度フォームを送信すると、新しいリンクをメールでお送りします。`
          : "資料をお申し込みいただいたページでもう一度フォームを送信すると、新しいリンクをメールでお送りします。",
      ],
    },
    {
      heading: "Cannot download",
      paragraphs: [
        escapeHtml(en),
        safe
          ? `Send the form again on <a href="${safe}">the page where you asked for it</a>, and a new link comes by mail.`
          : "Send the form again on the page where you asked for it, and a new link comes by mail.",
      ],
    },
  );
}

const TokenParam = z.object({ token: z.string().check(z.describe("The link's token, as mailed")) });

download.get(
  "/:token",
  describeRoute({
    summary: "Open a mailed download link: counts one use and redirects to the file",
    description:
      "Mailed for a resource delivered by mail (PUT /v1/resources/:resourceId). Signed, valid for the resource's `linkDays` and `linkUses`. The first opening marks the lead downloaded and its contact's address verified. A tampered link answers 400, an expired, used-up or withdrawn one 410, each with a page in Japanese and English saying how to get a new one.",
    tags: ["downloads"],
    request: { param: TokenParam },
    responses: {
      302: { description: "The file (its URL in Location)." },
      400: { description: "A link that is not one of ours (tampered or cut short).", contentType: "text/html" },
      410: { description: "Expired, used up, or the resource or lead is gone.", contentType: "text/html" },
    },
  }),
  async (c) => {
    // The token stays out of caches and out of the Referer of the file's host.
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    const secret = c.env.DOWNLOAD_LINK_SECRET;
    const grant = secret ? await verifyDownloadToken(secret, c.req.param("token")) : null;
    if (!grant) return c.html(problemPage("invalid"), 400);
    const db = databaseFor(c.env, grant.siteId);
    const now = Date.now();
    if (grant.expiresAt <= now) {
      return c.html(problemPage("expired", await leadPageUrl(db, grant.siteId, grant.leadId)), 410);
    }
    const opened = await openDownloadLink(db, grant, now);
    if (opened.outcome !== "opened") {
      return c.html(problemPage(opened.outcome, opened.outcome === "used_up" ? opened.pageUrl : null), 410);
    }
    const resource = await findResource(directoryDatabase(c.env), grant.siteId, opened.resourceId);
    if (!resource) return c.html(problemPage("gone", opened.pageUrl), 410);
    return c.redirect(resource.fileUrl, 302);
  },
);
