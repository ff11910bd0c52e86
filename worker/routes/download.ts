// GET /d/:token: a download link mailed for a resource delivered by mail (docs/downloads.md).
// Opening a valid link answers a page with one download button and counts nothing; the button
// (POST /d/:token) counts the download on its lead and redirects to the file; the first marks the
// lead downloaded and the contact's address verified. Any other link gets a page (ja/en) that
// says why and how to get a new one.
import { type Context, Hono } from "hono";
import * as z from "zod/mini";
import { downloadLinkState, leadPageUrl, openDownloadLink } from "../db/download-links.ts";
import { databaseFor, directoryDatabase } from "../db/handle.ts";
import { findResource } from "../db/resources.ts";
import { siteOrigins } from "../db/sites.ts";
import type { AppEnv } from "../env.ts";
import { allowListTakes } from "../lib/allow-list.ts";
import { bilingualPage, escapeHtml } from "../lib/bilingual-page.ts";
import { type DownloadGrant, verifyDownloadToken } from "../lib/download-link.ts";
import { describeRoute } from "../openapi/describe.ts";
import { requireSameOrigin } from "../request/session.ts";

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

/**
 * The page for a link that cannot download; `pageUrl`: where the visitor asked for the file, to
 * ask again, linked only when its origin is on the site's allow-list. The collector takes any page
 * URL in a submission, so anyone could otherwise have a link of their own mailed to a stranger's
 * address and shown, on this origin, as the site's page.
 */
async function problemPage(c: Context<AppEnv>, siteId: string | null, problem: Problem, pageUrl?: string | null) {
  const { ja, en } = TEXT[problem];
  const origin = pageUrl && /^https?:\/\//.test(pageUrl) && URL.canParse(pageUrl) ? new URL(pageUrl).origin : null;
  const allowed = origin && siteId ? await siteOrigins(directoryDatabase(c.env), siteId) : [];
  const safe = origin && allowListTakes(allowed, origin) ? escapeHtml(pageUrl!) : null;
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

/**
 * The page a valid link opens: the resource's title and one button that downloads it. Mail
 * scanners (Safe Links and the like) open every link of a mail before the person does; a link
 * that counted on GET lost a use to each and marked an address verified that nobody read. They
 * do not press buttons.
 */
function downloadPage(token: string, title: string): string {
  const form = (label: string) =>
    `<form method="post" action="/d/${escapeHtml(token)}"><button type="submit">${escapeHtml(label)}</button></form>`;
  const quoted = escapeHtml(title);
  return bilingualPage(
    `${title} — ダウンロード / Download`,
    {
      heading: "資料のダウンロード",
      paragraphs: [`ボタンを押すと「${quoted}」をダウンロードします。`, form("ダウンロードする")],
    },
    { heading: "Download", paragraphs: [`Press the button to download “${quoted}”.`, form("Download")] },
  );
}

/** The grant of the link in the URL, or the page that says why it cannot download (nothing counted). */
async function checkedGrant(c: Context<AppEnv>): Promise<{ grant: DownloadGrant } | { page: Response }> {
  // The token stays out of caches and out of the Referer of the file's host.
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  const secret = c.env.DOWNLOAD_LINK_SECRET;
  const grant = secret ? await verifyDownloadToken(secret, c.req.param("token") ?? "") : null;
  if (!grant) return { page: c.html(await problemPage(c, null, "invalid"), 400) };
  if (grant.expiresAt <= Date.now()) {
    const pageUrl = await leadPageUrl(databaseFor(c.env, grant.siteId), grant.siteId, grant.leadId);
    return { page: c.html(await problemPage(c, grant.siteId, "expired", pageUrl), 410) };
  }
  return { grant };
}

const TokenParam = z.object({ token: z.string().check(z.describe("The link's token, as mailed")) });

const PROBLEMS = {
  400: { description: "A link that is not one of ours (tampered or cut short).", contentType: "text/html" },
  410: { description: "Expired, used up, or the resource or lead is gone.", contentType: "text/html" },
} as const;

download.get(
  "/:token",
  describeRoute({
    summary: "Open a mailed download link: a page with one button that downloads (POST /d/:token)",
    description:
      "Mailed for a resource delivered by mail (PUT /v1/resources/:resourceId). Signed, valid for the resource's `linkDays` and `linkUses`. Opening it counts nothing: a valid link answers 200 with a page (Japanese and English, the resource's title) whose button posts to POST /d/:token, so a mail scanner that opens links neither uses one up nor verifies an address. A tampered link answers 400, an expired, used-up or withdrawn one 410, each with a page in Japanese and English saying how to get a new one.",
    tags: ["downloads"],
    request: { param: TokenParam },
    responses: {
      200: { description: "A valid link: the page with the download button.", contentType: "text/html" },
      ...PROBLEMS,
    },
  }),
  async (c) => {
    const checked = await checkedGrant(c);
    if ("page" in checked) return checked.page;
    const { grant } = checked;
    const state = await downloadLinkState(databaseFor(c.env, grant.siteId), grant);
    if (state.outcome !== "ready") {
      return c.html(
        await problemPage(c, grant.siteId, state.outcome, state.outcome === "used_up" ? state.pageUrl : null),
        410,
      );
    }
    const resource = await findResource(directoryDatabase(c.env), grant.siteId, state.resourceId);
    if (!resource) return c.html(await problemPage(c, grant.siteId, "gone", state.pageUrl), 410);
    // The button's POST must carry this origin in `Origin` (the CSRF check): under no-referrer a
    // browser sends `Origin: null`; same-origin still keeps the token from any other site.
    c.header("Referrer-Policy", "same-origin");
    // Not in another site's frame, where a hidden button could be pressed for the visitor.
    c.header("Content-Security-Policy", "frame-ancestors 'none'");
    return c.html(downloadPage(c.req.param("token"), resource.title), 200);
  },
);

download.post(
  "/:token",
  describeRoute({
    summary: "Download through a mailed link (the button of GET /d/:token): counts one use, on to the file",
    description:
      "A form post from this origin (CSRF: `Origin`), with no body needed. Counts one use of the link on its lead; the first marks the lead downloaded and its contact's address verified. Success: 303 to the file. A tampered link answers 400, an expired, used-up or withdrawn one 410, each with a page in Japanese and English saying how to get a new one.",
    tags: ["downloads"],
    request: { param: TokenParam },
    responses: { 303: { description: "The file (its URL in Location)." }, ...PROBLEMS },
    errors: [403],
  }),
  async (c) => {
    requireSameOrigin(c);
    const checked = await checkedGrant(c);
    if ("page" in checked) return checked.page;
    const { grant } = checked;
    const opened = await openDownloadLink(databaseFor(c.env, grant.siteId), grant, Date.now());
    if (opened.outcome !== "opened") {
      return c.html(
        await problemPage(c, grant.siteId, opened.outcome, opened.outcome === "used_up" ? opened.pageUrl : null),
        410,
      );
    }
    const resource = await findResource(directoryDatabase(c.env), grant.siteId, opened.resourceId);
    if (!resource) return c.html(await problemPage(c, grant.siteId, "gone", opened.pageUrl), 410);
    return c.redirect(resource.fileUrl, 303);
  },
);
