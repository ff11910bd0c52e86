// Signing in by one-time link, the session cookie, GET /v1/me, sliding expiry and sign-out, in
// workerd against the real D1.
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MeSchema, SESSION_COOKIE } from "../../shared/members.ts";
import { ENDED_SESSION_KEPT_MS, LINK_TTL_MS, SESSION_IDLE_MS, SESSION_TOUCH_MS } from "../../worker/db/sessions.ts";
import worker from "../../worker/index.ts";
import { hashToken } from "../../worker/lib/session-token.ts";
import { RETENTION_CRON } from "../../worker/scheduled.ts";
import { call, makeSite, rows } from "./helpers.ts";
import {
  addMember,
  asMember,
  linkToken,
  openLink,
  pressSignIn,
  SELF_ORIGIN,
  signedInMember,
  viewLink,
} from "./session-fixtures.ts";

const sessionToken = (cookie: string) => cookie.slice(SESSION_COOKIE.length + 1);

describe("GET and POST /auth/link", () => {
  it("signs in once: 303 to /app with a __Host- cookie (HttpOnly, Secure, SameSite=Strict, Path=/), the token gone from the URL", async () => {
    const { siteId } = await makeSite();
    const member = await addMember(siteId, "viewer");
    const { res, setCookie, cookie } = await openLink(await linkToken(member.id, siteId));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/app");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const attributes = setCookie.split(";").map((a) => a.trim().toLowerCase());
    expect(setCookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect(attributes).toEqual(
      expect.arrayContaining(["httponly", "secure", "samesite=strict", "path=/", `max-age=${SESSION_IDLE_MS / 1000}`]),
    );
    expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
    // Only the hash of the session token is stored.
    const token = sessionToken(cookie!);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await rows("SELECT member_id, via FROM sessions WHERE token_hash = ?", await hashToken(token))).toEqual([
      { member_id: member.id, via: "link" },
    ]);
    expect(await rows("SELECT count(*) AS n FROM sessions WHERE token_hash = ?", token)).toEqual([{ n: 0 }]);
  });

  it("opening a link uses nothing (a mail scanner's GET): a page whose button signs in, no cookie, no session", async () => {
    const { siteId } = await makeSite();
    const member = await addMember(siteId, "viewer");
    const token = await linkToken(member.id, siteId);
    for (let scan = 0; scan < 2; scan++) {
      const page = await viewLink(token);
      expect(page.status).toBe(200);
      expect(page.headers.get("set-cookie")).toBeNull();
      expect(page.headers.get("cache-control")).toBe("no-store");
      // The button's POST must carry Origin (no-referrer would make it "null"); no other site gets the token.
      expect(page.headers.get("referrer-policy")).toBe("same-origin");
      expect(page.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
      const html = await page.text();
      expect(html).toContain('<form method="post" action="/auth/link">');
      expect(html).toContain("サインインする");
      expect(html).toContain("Sign in</button>");
    }
    expect(await rows("SELECT count(*) AS n FROM sessions WHERE member_id = ?", member.id)).toEqual([{ n: 0 }]);
    expect((await openLink(token)).res.status).toBe(303);
  });

  it("POST /auth/link needs the dashboard's own Origin (403 csrf, the link not used) and a form of the token only (413)", async () => {
    const { siteId } = await makeSite();
    const member = await addMember(siteId, "viewer");
    const token = await linkToken(member.id, siteId);
    for (const origin of ["https://evil.example", null]) {
      const res = await pressSignIn(token, origin);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("csrf");
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    const big = await call("/auth/link", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: SELF_ORIGIN },
      body: new URLSearchParams({ token, pad: "x".repeat(2000) }).toString(),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { fields: Record<string, string> } }).error.fields.body).toMatch(/at most/);
    expect(await rows("SELECT count(*) AS n FROM sessions WHERE member_id = ?", member.id)).toEqual([{ n: 0 }]);
    expect((await openLink(token)).res.status).toBe(303);
  });

  it("refuses a link used twice with a 410 page in Japanese and English, and starts no second session", async () => {
    const { siteId } = await makeSite();
    const member = await addMember(siteId, "viewer");
    const token = await linkToken(member.id, siteId);
    expect((await openLink(token)).res.status).toBe(303);
    const again = await openLink(token);
    expect(again.res.status).toBe(410);
    expect(again.setCookie).toBe("");
    expect(again.res.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await again.res.text();
    expect(page).toContain("使用済み");
    expect(page).toContain("already been used");
    expect(page).toContain("npm run hikiai -- login");
    expect(await rows("SELECT count(*) AS n FROM sessions WHERE member_id = ?", member.id)).toEqual([{ n: 1 }]);
  });

  it("lets only one of two simultaneous openings of the same link sign in", async () => {
    const { siteId } = await makeSite();
    const member = await addMember(siteId, "viewer");
    const token = await linkToken(member.id, siteId);
    const statuses = (await Promise.all([openLink(token), openLink(token)])).map((o) => o.res.status).sort();
    expect(statuses).toEqual([303, 410]);
    expect(await rows("SELECT count(*) AS n FROM sessions WHERE member_id = ?", member.id)).toEqual([{ n: 1 }]);
  });

  it("refuses an expired link (made more than 15 minutes ago) with a 410 page that says so", async () => {
    const { siteId } = await makeSite();
    const member = await addMember(siteId, "viewer");
    const token = await linkToken(member.id, siteId, Date.now() - LINK_TTL_MS - 1000);
    const { res, setCookie } = await openLink(token);
    expect(res.status).toBe(410);
    expect(setCookie).toBe("");
    const page = await res.text();
    expect(page).toContain("有効期限");
    expect(page).toContain("expired");
  });

  it("refuses a malformed or unknown token with 400, before and after a lookup", async () => {
    for (const token of ["", "short", "x".repeat(44), "a+b/".repeat(11).slice(0, 43)]) {
      const { res } = await openLink(token);
      expect(res.status, token).toBe(400);
      expect(await res.text()).toContain("not valid");
    }
    const unknown = await openLink("A".repeat(43));
    expect(unknown.res.status).toBe(400);
  });
});

describe("GET /v1/me", () => {
  it("answers who is signed in, their sites with roles and the session's expiry, without Hikiai-Site", async () => {
    const a = await makeSite();
    const b = await makeSite();
    const member = await addMember(a.siteId, "admin", undefined, "山田 花子");
    await addMember(b.siteId, "viewer", member.email);
    const { cookie } = await openLink(await linkToken(member.id, a.siteId));
    const res = await asMember(cookie!, undefined, "/v1/me");
    expect(res.status).toBe(200);
    const body = MeSchema.parse(await res.json());
    expect(body.member).toEqual({ id: member.id, email: member.email, name: "山田 花子" });
    expect(body.sites.map((s) => [s.siteKey, s.role, s.timeZone]).sort()).toEqual(
      [
        [a.siteKey, "admin", "Asia/Tokyo"],
        [b.siteKey, "viewer", "Asia/Tokyo"],
      ].sort(),
    );
    expect(body.session.via).toBe("link");
    expect(Date.parse(body.session.expiresAt)).toBeGreaterThan(Date.now() + SESSION_IDLE_MS - 60_000);
  });

  it("is 401 with the envelope without a cookie, with a revoked one, and with a made-up one", async () => {
    const none = await call("/v1/me");
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({
      error: { code: "unauthorized", fields: { authorization: expect.any(String) } },
    });
    const madeUp = await asMember(`${SESSION_COOKIE}=${"B".repeat(43)}`, undefined, "/v1/me");
    expect(madeUp.status).toBe(401);
    expect(await madeUp.json()).toMatchObject({
      error: { code: "unauthorized", fields: { session: expect.any(String) } },
    });
    // The browser is told to drop the dead cookie.
    expect(madeUp.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`, "i"));
  });

  it("slides the idle expiry forward when the session was last seen minutes ago, in D1 and in the cookie", async () => {
    const { siteId } = await makeSite();
    const { cookie } = await signedInMember(siteId, "viewer");
    const hash = await hashToken(sessionToken(cookie));
    // Fresh: no write, no new cookie.
    const seen = () => rows<{ last_seen_at: number }>("SELECT last_seen_at FROM sessions WHERE token_hash = ?", hash);
    const before = await seen();
    const fresh = await asMember(cookie, undefined, "/v1/me");
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("set-cookie")).toBeNull();
    expect(await seen()).toEqual(before);
    // Seen long enough ago and close to its end: the next request moves the end forward.
    const longAgo = Date.now() - SESSION_TOUCH_MS - 1000;
    const soon = Date.now() + 60_000;
    await env.DB.prepare("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?")
      .bind(longAgo, soon, hash)
      .run();
    const res = await asMember(cookie, undefined, "/v1/me");
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toContain(`Max-Age=${SESSION_IDLE_MS / 1000};`);
    const [row] = await rows<{ expires_at: number; last_seen_at: number }>(
      "SELECT expires_at, last_seen_at FROM sessions WHERE token_hash = ?",
      hash,
    );
    expect(row!.expires_at).toBeGreaterThan(Date.now() + SESSION_IDLE_MS - 60_000);
    expect(row!.last_seen_at).toBeGreaterThan(longAgo);
  });

  it("refuses a session past its idle expiry", async () => {
    const { siteId } = await makeSite();
    const { cookie } = await signedInMember(siteId, "viewer");
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE token_hash = ?")
      .bind(Date.now() - 1, await hashToken(sessionToken(cookie)))
      .run();
    expect((await asMember(cookie, undefined, "/v1/me")).status).toBe(401);
  });
});

describe("POST /auth/sign-out", () => {
  it("revokes the session and clears the cookie: the same cookie is refused afterwards", async () => {
    const { siteId, siteKey } = await makeSite();
    const { cookie } = await signedInMember(siteId, "viewer");
    expect((await asMember(cookie, siteKey, "/v1/inquiries")).status).toBe(200);
    const res = await asMember(cookie, undefined, "/auth/sign-out", { method: "POST" });
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`, "i"));
    const [row] = await rows<{ revoked_at: number | null }>(
      "SELECT revoked_at FROM sessions WHERE token_hash = ?",
      await hashToken(sessionToken(cookie)),
    );
    expect(row!.revoked_at).not.toBeNull();
    expect((await asMember(cookie, siteKey, "/v1/inquiries")).status).toBe(401);
    expect((await asMember(cookie, undefined, "/v1/me")).status).toBe(401);
  });

  it("is refused from another origin (403 csrf naming origin), and the session lives on", async () => {
    const { siteId } = await makeSite();
    const { cookie } = await signedInMember(siteId, "viewer");
    for (const origin of ["https://evil.example", null]) {
      const res = await asMember(cookie, undefined, "/auth/sign-out", { method: "POST", origin });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "csrf", fields: { origin: expect.any(String) } } });
    }
    expect((await asMember(cookie, undefined, "/v1/me")).status).toBe(200);
  });
});

describe("the daily purge", () => {
  it("deletes links a day past expiry and sessions a month after they ended; keeps the live ones", async () => {
    const { siteId } = await makeSite();
    const member = await addMember(siteId, "viewer");
    const now = Date.now();
    const day = 24 * 60 * 60_000;
    const oldLink = await hashToken(await linkToken(member.id, siteId, now - 2 * day));
    const freshLink = await hashToken(await linkToken(member.id, siteId, now - LINK_TTL_MS - 1000));
    const session = (hash: string, expiresAt: number, revokedAt: number | null) =>
      env.DB.prepare(
        "INSERT INTO sessions (token_hash, member_id, via, created_at, last_seen_at, expires_at, revoked_at) VALUES (?, ?, 'link', 0, 0, ?, ?)",
      )
        .bind(hash, member.id, expiresAt, revokedAt)
        .run();
    const ended = now - ENDED_SESSION_KEPT_MS - day;
    await session(`expired-${member.id}`, ended, null);
    await session(`revoked-${member.id}`, now + day, ended);
    await session(`recently-revoked-${member.id}`, now + day, now - day);
    await session(`live-${member.id}`, now + day, null);
    await worker.scheduled(
      createScheduledController({ cron: RETENTION_CRON, scheduledTime: now }),
      env,
      createExecutionContext(),
    );
    expect(await rows("SELECT token_hash FROM sign_in_links WHERE token_hash IN (?, ?)", oldLink, freshLink)).toEqual([
      { token_hash: freshLink },
    ]);
    const left = await rows<{ token_hash: string }>(
      "SELECT token_hash FROM sessions WHERE member_id = ? ORDER BY 1",
      member.id,
    );
    expect(left.map((r) => r.token_hash)).toEqual([`live-${member.id}`, `recently-revoked-${member.id}`]);
  });
});
