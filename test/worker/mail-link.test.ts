// Sign-in links by mail (POST /auth/mail-link), in workerd against the real D1 and the local
// mailbox stand-in: a member gets the one-time link, anyone else the same answer and no mail.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAIL_LINK_ANSWER } from "../../shared/members.ts";
import worker from "../../worker/index.ts";
import { mailSignInLink, SIGN_IN_MAILS_PER_DAY } from "../../worker/mail/sign-in-link-mail.ts";
import {
  RATE_LIMIT_PERIOD_S,
  SIGN_IN_MAIL_ADDRESS_RATE_LIMIT,
  SIGN_IN_MAIL_CLIENT_RATE_LIMIT,
} from "../../worker/request/rate-limit.ts";
import { makeSite, rows } from "./helpers.ts";
import { mailbox, mailTo, waitForMail } from "./mail-helpers.ts";
import { api } from "./notify-helpers.ts";
import { addMember, openLink, SELF_ORIGIN } from "./session-fixtures.ts";

/** Asks for a link as the sign-in page does; returns once the work after the answer is done too. */
async function askLink(email: unknown, headers: Record<string, string> = { origin: SELF_ORIGIN }) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${SELF_ORIGIN}/auth/mail-link`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ email }),
    }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

/** Asks until refused (at most twice the limit): how many were answered 202, and the 429. */
async function untilRefused(ask: (i: number) => ReturnType<typeof askLink>, limit: number) {
  for (let i = 0; i <= 2 * limit; i++) {
    const answer = await ask(i);
    if (answer.status === 429) {
      expect(i).toBeGreaterThanOrEqual(limit);
      return { passed: i, refused: answer };
    }
    expect(answer.status).toBe(202);
  }
  throw new Error(`no 429 after ${2 * limit + 1} requests`);
}

const LINK = /(\S+)\/auth\/link\?token=([A-Za-z0-9_-]{43})/;

describe("POST /auth/mail-link", () => {
  it("mails a member the one-time link in their language, from MAIL_FROM; the link signs in once", async () => {
    const { siteId, apiKey } = await makeSite({ scope: "write" });
    const member = await addMember(siteId, "viewer", mailTo("member"));
    await api(apiKey, "PATCH", `/v1/members/${member.id}`, { language: "en" });

    // Typed as people type on a Japanese keyboard: full-width, upper case; it is the same address.
    const typed = member.email.toUpperCase().replace("@", "＠");
    const asked = await askLink(typed);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual(MAIL_LINK_ANSWER);
    expect(asked.headers.get("cache-control")).toBe("no-store");

    const [mail] = await waitForMail(member.email);
    expect(mail!.from).toBe(env.MAIL_FROM);
    expect(mail!.subject).toBe("Your hikiai sign-in link");
    expect(mail!.text).toContain("valid 15 minutes, once");
    const [, origin, token] = LINK.exec(mail!.text)!;
    expect(origin).toBe(env.APP_ORIGIN || SELF_ORIGIN);

    const first = await openLink(token!);
    expect(first.res.status).toBe(303);
    expect(first.cookie).toBeDefined();
    expect((await openLink(token!)).res.status).toBe(410);
    expect(
      await rows("SELECT kind, recipient, status FROM mail_log WHERE site_id = ? AND kind = 'sign_in'", siteId),
    ).toEqual([{ kind: "sign_in", recipient: member.email, status: "sent" }]);
  });

  it("writes in the site's language when the member has none", async () => {
    const { siteId } = await makeSite();
    const member = await addMember(siteId, "admin", mailTo("member"));
    await askLink(member.email);
    const [mail] = await waitForMail(member.email);
    expect(mail!.subject).toBe("hikiai のサインインリンク");
    expect(mail!.text).toContain("15分間有効・1回限り");
  });

  it("answers a stranger, a member removed from every site and a suppressed member exactly as a member, and mails none of them", async () => {
    const { siteId } = await makeSite();
    const member = await addMember(siteId, "viewer", mailTo("member"));
    const memberAnswer = await askLink(member.email);
    await waitForMail(member.email);

    const stranger = mailTo("stranger");
    const suppressed = await addMember(siteId, "member", mailTo("blocked"));
    await env.DB.prepare(
      "INSERT INTO mail_suppressions (site_id, email, reason, created_at) VALUES (?, ?, 'bounced', ?)",
    )
      .bind(siteId, suppressed.email, Date.now())
      .run();
    for (const address of [stranger, suppressed.email]) {
      const answer = await askLink(address);
      expect(answer.status).toBe(memberAnswer.status);
      expect(answer.body).toEqual(memberAnswer.body);
      expect(answer.headers.get("content-type")).toBe(memberAnswer.headers.get("content-type"));
      expect(await mailbox(address)).toEqual([]);
    }
    // Neither got a link: no link row and nothing in the mail log, as the mail would not go out.
    for (const address of [stranger, suppressed.email]) {
      expect(await rows("SELECT count(*) AS n FROM mail_log WHERE recipient = ?", address)).toEqual([{ n: 0 }]);
    }
    expect(await rows("SELECT count(*) AS n FROM sign_in_links WHERE member_id = ?", suppressed.id)).toEqual([
      { n: 0 },
    ]);
  });

  // The binding counts in fixed windows: a run that crosses a window's end gets up to twice the limit.
  it("refuses past the limit of links a minute for one address, whoever asks (429 naming email)", async () => {
    const { siteId } = await makeSite();
    const member = await addMember(siteId, "viewer", mailTo("member"));
    const { passed, refused } = await untilRefused(
      (i) => askLink(member.email, { origin: SELF_ORIGIN, "cf-connecting-ip": `198.51.100.${60 + i}` }),
      SIGN_IN_MAIL_ADDRESS_RATE_LIMIT,
    );
    expect(refused.headers.get("retry-after")).toBe(String(RATE_LIMIT_PERIOD_S));
    expect((refused.body.error as { fields: Record<string, string> }).fields.email).toMatch(
      new RegExp(`at most ${SIGN_IN_MAIL_ADDRESS_RATE_LIMIT} sign-in links a minute to one address`),
    );
    // One mail per link that was answered; none for the refused one.
    expect(await waitForMail(member.email, passed)).toHaveLength(passed);
    expect(await rows("SELECT count(*) AS n FROM mail_log WHERE recipient = ?", member.email)).toEqual([{ n: passed }]);
    // Another address is not held back by it.
    expect((await askLink(mailTo("other"), { origin: SELF_ORIGIN })).status).toBe(202);
  });

  // The bindings count per Cloudflare location and minute; the daily count is the mail log's, in D1.
  it("mails one member at most the daily number of links, whoever asks and from wherever; past it the answer does not change and nothing is stored", async () => {
    const { siteId } = await makeSite();
    const member = await addMember(siteId, "viewer", mailTo("member"));
    const stored = async () => ({
      links: await rows("SELECT count(*) AS n FROM sign_in_links WHERE member_id = ?", member.id),
      mails: await rows("SELECT status, count(*) AS n FROM mail_log WHERE recipient = ? GROUP BY status", member.email),
    });
    // Links asked through other locations (no binding between them and D1): each one mailed.
    for (let i = 0; i < SIGN_IN_MAILS_PER_DAY; i++) {
      expect(await mailSignInLink(env, member.email, SELF_ORIGIN)).toBe("sent");
    }
    expect(await waitForMail(member.email, SIGN_IN_MAILS_PER_DAY)).toHaveLength(SIGN_IN_MAILS_PER_DAY);
    const atCap = await stored();
    expect(atCap).toEqual({
      links: [{ n: SIGN_IN_MAILS_PER_DAY }],
      mails: [{ status: "sent", n: SIGN_IN_MAILS_PER_DAY }],
    });

    const asked = await askLink(member.email);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual(MAIL_LINK_ANSWER);
    // More asked past the cap, as a flood spread over locations would: no link row, no mail log row.
    for (let i = 0; i < 3; i++) expect(await mailSignInLink(env, member.email, SELF_ORIGIN)).toBe("capped");
    expect(await stored()).toEqual(atCap);
    expect(await mailbox(member.email)).toHaveLength(SIGN_IN_MAILS_PER_DAY);
  });

  it("refuses past the limit of links a minute from one client, whatever addresses (429 naming client)", async () => {
    const ip = { origin: SELF_ORIGIN, "cf-connecting-ip": "203.0.113.77" };
    const { refused } = await untilRefused(() => askLink(mailTo("probe"), ip), SIGN_IN_MAIL_CLIENT_RATE_LIMIT);
    expect((refused.body.error as { fields: Record<string, string> }).fields.client).toMatch(
      new RegExp(`at most ${SIGN_IN_MAIL_CLIENT_RATE_LIMIT} sign-in links a minute from one address`),
    );
    expect((await askLink(mailTo("probe"), { ...ip, "cf-connecting-ip": "203.0.113.78" })).status).toBe(202);
  });

  it("needs the dashboard's own Origin (403 csrf) and a well-formed address (400 naming email)", async () => {
    const crossSite = await askLink(mailTo(), { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect((crossSite.body.error as { code: string }).code).toBe("csrf");
    expect((await askLink(mailTo(), {})).status).toBe(403);
    const malformed = await askLink("not an address");
    expect(malformed.status).toBe(400);
    expect((malformed.body.error as { fields: Record<string, string> }).fields.email).toBeDefined();
  });
});
