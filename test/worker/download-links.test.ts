import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findResource } from "../../worker/db/resources.ts";
import { type DownloadGrant, signDownloadToken } from "../../worker/lib/download-link.ts";
import { sendDownloadLink } from "../../worker/mail/download-link-mail.ts";
import { call, collect, leadBody, makeSite, rows } from "./helpers.ts";
import { mailbox, mailTo, SAMPLE_SENDER, waitForMail } from "./mail-helpers.ts";
import { api } from "./notify-helpers.ts";
import { SELF_ORIGIN } from "./session-fixtures.ts";

const FILE = "https://files.example.jp/guide.pdf";

/** A site whose sender identity is set (delivery by mail needs it), with a write key. */
async function senderSite() {
  const site = await makeSite({ scope: "write" });
  expect((await api(site.apiKey, "PATCH", "/v1/autoreply/sender", SAMPLE_SENDER)).status).toBe(200);
  return site;
}

/** A site with a resource delivered by mail and one lead of it; the grant of that lead's link. */
async function mailedLead(linkUses = 5) {
  const { apiKey, siteKey, siteId } = await senderSite();
  await api(apiKey, "PUT", "/v1/resources/guide", { title: "ガイド", fileUrl: FILE, delivery: "mail", linkUses });
  const res = await collect("lead", siteKey, leadBody({ resourceId: "guide" }));
  const { id: leadId } = (await res.json()) as { id: string };
  const grant: DownloadGrant = { siteId, leadId, expiresAt: Date.now() + 60_000, uses: linkUses };
  return { apiKey, siteId, leadId, grant };
}

const tokenOf = (grant: DownloadGrant) => signDownloadToken(env.DOWNLOAD_LINK_SECRET!, grant);

/** Opens a link as a browser or a mail scanner does (GET): its page. */
const view = (path: string) => call(path, { redirect: "manual" });

/** Presses the download button of a link's page: POST to the link from `origin` (the page's own by default). */
const press = (path: string, origin: string | null = SELF_ORIGIN) =>
  call(path, { method: "POST", redirect: "manual", headers: origin ? { origin } : {} });

/**
 * Opens the link at `path` and presses its page's button, as a person does; returns the last
 * answer (the page itself when it has no button: an expired, used-up or tampered link).
 */
async function download(path: string) {
  const page = await view(path);
  if (page.status !== 200) return page;
  const action = /<form method="post" action="([^"]*)">/.exec(await page.text())?.[1];
  if (action !== path) throw new Error(`the link's page posts to ${action}, not to ${path}`);
  return press(path);
}

const open = async (grant: DownloadGrant) => download(`/d/${await tokenOf(grant)}`);

const leadRow = (id: string) =>
  rows<{ downloaded_at: number | null; link_opens: number; email_verified_at: number | null }>(
    "SELECT l.downloaded_at, l.link_opens, c.email_verified_at FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE l.id = ?",
    id,
  ).then((r) => r[0]!);

describe("download links", () => {
  it("opening a link counts nothing (a mail scanner's GET): a page with the title and one button, the lead and address untouched", async () => {
    const { leadId, grant } = await mailedLead(1);
    const path = `/d/${await tokenOf(grant)}`;
    for (let scan = 0; scan < 3; scan++) {
      const page = await view(path);
      expect(page.status).toBe(200);
      expect(page.headers.get("cache-control")).toBe("no-store");
      // The button's POST must carry Origin (no-referrer would make it "null"); no other site gets the token.
      expect(page.headers.get("referrer-policy")).toBe("same-origin");
      expect(page.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
      const html = await page.text();
      expect(html).toContain(`<form method="post" action="${path}">`);
      expect(html).toContain("ボタンを押すと「ガイド」をダウンロードします。");
      expect(html).toContain("ダウンロードする</button>");
      expect(html).toContain("Download</button>");
      expect((await call(path, { method: "HEAD", redirect: "manual" })).status).toBe(200);
    }
    expect(await leadRow(leadId)).toEqual({ downloaded_at: null, link_opens: 0, email_verified_at: null });
    // Its one use is still there for the person.
    const pressed = await press(path);
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get("location")).toBe(FILE);
    expect((await leadRow(leadId)).link_opens).toBe(1);
    expect((await view(path)).status).toBe(410);
  });

  it("the button's POST needs the link page's own Origin (403 csrf), and counts nothing without it", async () => {
    const { leadId, grant } = await mailedLead();
    const path = `/d/${await tokenOf(grant)}`;
    for (const origin of ["https://evil.example", null]) {
      const res = await press(path, origin);
      expect(res.status).toBe(403);
      const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(error.code).toBe("csrf");
      expect(error.fields.origin).toContain(SELF_ORIGIN);
    }
    expect(await leadRow(leadId)).toEqual({ downloaded_at: null, link_opens: 0, email_verified_at: null });
  });

  it("a valid link redirects to the file, marks the lead downloaded and the address verified, once with its time", async () => {
    const { leadId, grant } = await mailedLead();
    expect((await leadRow(leadId)).email_verified_at).toBeNull();
    const before = Date.now();
    const res = await open(grant);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(FILE);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const first = await leadRow(leadId);
    expect(first.link_opens).toBe(1);
    expect(first.downloaded_at).toBeGreaterThanOrEqual(before);
    expect(first.email_verified_at).toBe(first.downloaded_at);

    expect((await open(grant)).status).toBe(303);
    const second = await leadRow(leadId);
    expect(second).toEqual({ ...first, link_opens: 2 });
  });

  it("works as many times as the resource allows, then answers 410 with a page that says how to get a new one", async () => {
    const { leadId, grant } = await mailedLead(2);
    const path = `/d/${await tokenOf(grant)}`;
    expect((await download(path)).status).toBe(303);
    expect((await download(path)).status).toBe(303);
    // Opening it and pressing anyway (a page kept open) both answer the page.
    for (const spent of [await view(path), await press(path)]) {
      expect(spent.status).toBe(410);
      const page = await spent.text();
      expect(page).toContain("利用回数の上限に達しました");
      expect(page).toContain("used as many times as it allows");
      expect(page).toContain('href="https://shop.example.jp/products/a?utm_source=newsletter"');
    }
    expect((await leadRow(leadId)).link_opens).toBe(2);
  });

  it("the page of a spent or expired link links back only to a page of the site, never to a page URL the submission made up", async () => {
    const { apiKey, siteKey, siteId } = await senderSite();
    await api(apiKey, "PUT", "/v1/resources/guide", { title: "ガイド", fileUrl: FILE, delivery: "mail", linkUses: 1 });
    // Anyone may post a lead (no Origin: a script) for a stranger's address, with a page of their own.
    const phish = "https://phish.example/login";
    const res = await call(`/v1/collect/lead?site=${siteKey}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(leadBody({ resourceId: "guide", context: { pageUrl: phish } })),
    });
    expect(res.status).toBe(201);
    const { id: leadId } = (await res.json()) as { id: string };
    const grant: DownloadGrant = { siteId, leadId, expiresAt: Date.now() + 60_000, uses: 1 };
    const path = `/d/${await tokenOf(grant)}`;
    expect((await download(path)).status).toBe(303);
    const expired = `/d/${await tokenOf({ ...grant, expiresAt: Date.now() - 1000 })}`;
    for (const spent of [await view(path), await press(path), await view(expired)]) {
      expect(spent.status).toBe(410);
      const page = await spent.text();
      expect(page).toContain("ページでもう一度フォームを送信すると");
      expect(page).not.toContain("phish.example");
    }
  });

  it("an expired link answers 410 to opening and to the button, and counts nothing", async () => {
    const { leadId, grant } = await mailedLead();
    const path = `/d/${await tokenOf({ ...grant, expiresAt: Date.now() - 1000 })}`;
    for (const res of [await view(path), await press(path)]) {
      expect(res.status).toBe(410);
      expect(await res.text()).toContain("有効期限が切れています");
    }
    expect(await leadRow(leadId)).toMatchObject({ link_opens: 0, email_verified_at: null });
  });

  it("a tampered link answers 400: another lead, more uses, a later expiry or a changed signature", async () => {
    const { leadId, grant } = await mailedLead();
    const other = await mailedLead();
    const token = await signDownloadToken(env.DOWNLOAD_LINK_SECRET!, grant);
    const [site, lead, expiry, uses, signature] = token.split(".");
    const forged = [
      [site, other.leadId, expiry, uses, signature],
      [site, lead, expiry, "99", signature],
      [site, lead, String(Number(expiry) + 86_400), uses, signature],
      [
        site,
        lead,
        expiry,
        uses,
        `${signature!.slice(0, 10)}${signature![10] === "A" ? "B" : "A"}${signature!.slice(11)}`,
      ],
      [site, lead, expiry, uses],
    ];
    for (const parts of forged) {
      const path = `/d/${parts.join(".")}`;
      for (const res of [await view(path), await press(path)]) {
        expect(res.status, parts.join(".")).toBe(400);
        expect(await res.text()).toContain("This download link is not valid");
      }
    }
    expect((await leadRow(leadId)).link_opens).toBe(0);
    expect((await leadRow(other.leadId)).link_opens).toBe(0);
  });

  it("the collect answer says delivery mail (only for a resource delivered by mail), and the lead gets its outbox row without a webhook", async () => {
    const { apiKey, siteKey, siteId } = await senderSite();
    await api(apiKey, "PUT", "/v1/resources/guide", { title: "ガイド", fileUrl: FILE, delivery: "mail" });
    await api(apiKey, "PUT", "/v1/resources/price", { title: "価格表", fileUrl: FILE });
    const byMail = await collect("lead", siteKey, leadBody({ resourceId: "guide" }));
    expect(await byMail.json()).toEqual({ id: expect.any(String), duplicate: false, delivery: "mail" });
    const onPage = await collect("lead", siteKey, leadBody({ resourceId: "price" }));
    expect(await onPage.json()).toEqual({ id: expect.any(String), duplicate: false, fileUrl: FILE });
    expect(await rows("SELECT event FROM notifications WHERE site_id = ?", siteId)).toEqual([
      { event: "lead.created" },
    ]);
  });

  it("a link whose resource was removed from the registry answers 410 to opening and to the button", async () => {
    const { apiKey, grant } = await mailedLead();
    await call("/v1/resources/guide", { method: "DELETE", headers: { authorization: `Bearer ${apiKey}` } });
    const path = `/d/${await tokenOf(grant)}`;
    expect((await view(path)).status).toBe(410);
    expect((await press(path)).status).toBe(410);
  });

  it("sendDownloadLink mails the signed link once per lead, in the visitor's language; the mailed link downloads", async () => {
    const { apiKey, siteKey, siteId } = await senderSite();
    // Stored while the resource is on the page: the consumer mails nothing for this lead, the test does.
    await api(apiKey, "PUT", "/v1/resources/guide", { title: "ガイド", fileUrl: FILE });
    const { id: leadId } = (await (await collect("lead", siteKey, leadBody({ resourceId: "guide" }))).json()) as {
      id: string;
    };
    await api(apiKey, "PUT", "/v1/resources/guide", { title: "ガイド", fileUrl: FILE, delivery: "mail", linkUses: 3 });
    const resource = (await findResource(env.DB, siteId, "guide"))!;
    const to = mailTo();
    const mail = {
      siteId,
      siteName: "サンプル商事",
      leadId,
      to,
      lang: "ja" as const,
      resource,
      from: { email: "info@mail.example.jp", name: "サンプル商事" },
      footer: ["サンプル商事 東京都千代田区1-1", "配信停止: info@example.jp"],
      now: Date.now(),
    };
    expect(await sendDownloadLink(env, mail)).toBe("sent");
    expect(await sendDownloadLink(env, mail)).toBe("duplicate");
    const [message, ...more] = await mailbox(to);
    expect(more).toEqual([]);
    expect(message!.subject).toBe("【サンプル商事】資料ダウンロードのご案内: ガイド");
    expect(message!.text).toContain("（7日間・3回まで有効）");
    expect(message!.text).toContain("配信停止: info@example.jp");
    const url = /https:\/\/collector\.test\/d\/\S+/.exec(message!.text)![0];
    const res = await download(url.replace("https://collector.test", ""));
    expect(res.headers.get("location")).toBe(FILE);
    expect((await leadRow(leadId)).link_opens).toBe(1);
  });

  it("an auto-reply whose own texts leave out {{downloadUrl}} still carries the mailed link, in its text and its HTML", async () => {
    const { apiKey, siteKey } = await senderSite();
    await api(apiKey, "PUT", "/v1/resources/guide", { title: "ガイド", fileUrl: FILE, delivery: "mail" });
    // Written for downloads from the page: the form now tells the visitor the link was mailed.
    const texts = {
      text: "{{name}} 様\n\nお申し込みありがとうございます。",
      html: "<p>お申し込みありがとうございます。</p>",
    };
    expect((await api(apiKey, "PATCH", "/v1/autoreply/download", { enabled: true, ja: texts })).status).toBe(200);
    const to = mailTo();
    const res = await collect("lead", siteKey, leadBody({ resourceId: "guide", email: to }));
    expect(await res.json()).toMatchObject({ delivery: "mail" });
    const [message, ...more] = await waitForMail(to);
    expect(more).toEqual([]);
    expect(message!.text).toContain("お申し込みありがとうございます。");
    const url = /https:\/\/collector\.test\/d\/\S+/.exec(message!.text)?.[0];
    expect(url, message!.text).toBeDefined();
    expect(message!.html).toContain(`href="${url}"`);
    const opened = await download(url!.replace("https://collector.test", ""));
    expect(opened.headers.get("location")).toBe(FILE);
  });

  it("a lead of a resource delivered by mail gets its link by mail from the queue consumer (auto-reply off)", async () => {
    const { apiKey, siteKey } = await senderSite();
    await api(apiKey, "PUT", "/v1/resources/guide", { title: "ガイド", fileUrl: FILE, delivery: "mail" });
    const to = mailTo();
    const res = await collect("lead", siteKey, leadBody({ resourceId: "guide", email: to }));
    const { id: leadId } = (await res.json()) as { id: string };
    const [message] = await waitForMail(to);
    expect(message!.subject).toBe("【Test site】資料ダウンロードのご案内: ガイド");
    const url = /https:\/\/collector\.test\/d\/\S+/.exec(message!.text)![0];
    const opened = await download(url.replace("https://collector.test", ""));
    expect(opened.headers.get("location")).toBe(FILE);
    expect((await leadRow(leadId)).email_verified_at).toEqual(expect.any(Number));
  });
});
