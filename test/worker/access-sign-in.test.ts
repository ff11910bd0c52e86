// Signing in through Cloudflare Access: the worker in workerd with the real D1, its Access vars
// pointing at a team of its own on the Access stand-in (scripts/access-standin.ts), which serves
// the team's certs over real HTTP and signs the tokens Access would add to each request.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { InquiryDetailSchema } from "../../shared/api-team.ts";
import { MeSchema } from "../../shared/members.ts";
import app from "../../worker/index.ts";
import { accessTeam } from "./access-helpers.ts";
import { makeSite } from "./helpers.ts";
import { addMember, SELF_ORIGIN, signedInMember } from "./session-fixtures.ts";
import { seedInquiry } from "./team-fixtures.ts";

const HEADER = "cf-access-jwt-assertion";

/**
 * A request as it reaches the worker behind Access: the token in its header, the worker's vars
 * those of `team` (Access on), or none (`vars: {}`: Access off).
 */
async function viaAccess(
  token: string | undefined,
  path: string,
  init: {
    vars?: Record<string, string>;
    siteKey?: string;
    method?: string;
    body?: unknown;
    origin?: string;
    cookie?: string;
  } = {},
) {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers[HEADER] = token;
  if (init.siteKey) headers["hikiai-site"] = init.siteKey;
  if (init.origin) headers.origin = init.origin;
  if (init.cookie) headers.cookie = init.cookie;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`${SELF_ORIGIN}${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
    { ...env, ...init.vars },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; fields: Record<string, string> } }).error;

const expOf = (token: string) =>
  (JSON.parse(atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as { exp: number }).exp;

/** A 401 naming the Access header, with a reason matching `reason`. */
async function expectRefused(res: Response, reason: RegExp) {
  expect(res.status).toBe(401);
  const error = await errorOf(res);
  expect(error.code).toBe("unauthorized");
  expect(error.fields[HEADER]).toMatch(reason);
}

/** A member of two sites (admin of one, viewer of the other) and an Access team in front of the worker. */
async function memberOfTwoSites() {
  const a = await makeSite();
  const b = await makeSite();
  const email = `aiko-${crypto.randomUUID().slice(0, 8)}@team.example`;
  const member = await addMember(a.siteId, "admin", email, "Aiko");
  await addMember(b.siteId, "viewer", email);
  return { a, b, member, email, team: accessTeam() };
}

describe("sign-in through Cloudflare Access", () => {
  it("signs in the member with the token's e-mail: /v1/me names them, their sites, via access until the token's exp, and sets no cookie", async () => {
    const { a, b, member, email, team } = await memberOfTwoSites();
    // Identity providers may send the address in another case: it is normalised like any e-mail.
    const token = await team.sign(email.toUpperCase());
    const res = await viaAccess(token, "/v1/me", { vars: team.vars });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    const me = MeSchema.parse(await res.json());
    expect(me.member).toEqual({ id: member.id, email, name: "Aiko" });
    expect(me.sites.map((s) => [s.siteKey, s.role]).sort()).toEqual(
      [
        [a.siteKey, "admin"],
        [b.siteKey, "viewer"],
      ].sort(),
    );
    expect(me.session).toEqual({ via: "access", expiresAt: new Date(expOf(token) * 1000).toISOString() });
  });

  it("opens the team API on the site named by Hikiai-Site among the member's sites, and no other", async () => {
    const { a, team, email } = await memberOfTwoSites();
    const other = await makeSite();
    const id = await seedInquiry(a.siteKey);
    await seedInquiry(other.siteKey);
    const token = await team.sign(email);
    const list = await viaAccess(token, "/v1/inquiries", { vars: team.vars, siteKey: a.siteKey });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { data: { id: string }[] }).data.map((i) => i.id)).toEqual([id]);
    const refused = await viaAccess(token, "/v1/inquiries", { vars: team.vars, siteKey: other.siteKey });
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toMatchObject({
      code: "not_a_member",
      fields: { "hikiai-site": expect.any(String) },
    });
  });

  it("records the member in the follow-up history, and refuses a change from another origin (CSRF)", async () => {
    const { a, team, email } = await memberOfTwoSites();
    const id = await seedInquiry(a.siteKey);
    const token = await team.sign(email);
    const change = { vars: team.vars, siteKey: a.siteKey, method: "PATCH", body: { status: "contacted" } };
    const forged = await viaAccess(token, `/v1/inquiries/${id}`, { ...change, origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    expect((await errorOf(forged)).code).toBe("csrf");
    expect((await viaAccess(token, `/v1/inquiries/${id}`, { ...change, origin: SELF_ORIGIN })).status).toBe(200);
    const detail = InquiryDetailSchema.parse(
      await (await viaAccess(token, `/v1/inquiries/${id}`, { vars: team.vars, siteKey: a.siteKey })).json(),
    );
    expect(detail.history.map((h) => [h.field, h.member?.email ?? null, h.key])).toEqual([["status", email, null]]);
  });

  it("refuses an expired token (401 naming cf-access-jwt-assertion)", async () => {
    const { team, email } = await memberOfTwoSites();
    await expectRefused(
      await viaAccess(await team.sign(email, { expiresIn: -1 }), "/v1/me", { vars: team.vars }),
      /expired/,
    );
  });

  it("refuses a token for another Access application (wrong audience)", async () => {
    const { team, email } = await memberOfTwoSites();
    const token = await team.sign(email, { aud: ["9".repeat(64)] });
    await expectRefused(await viaAccess(token, "/v1/me", { vars: team.vars }), /another Access application/);
  });

  it("refuses a token from another team (wrong issuer)", async () => {
    const { team, email } = await memberOfTwoSites();
    const token = await team.sign(email, { issuer: "https://elsewhere.cloudflareaccess.com" });
    await expectRefused(await viaAccess(token, "/v1/me", { vars: team.vars }), /another Access team/);
  });

  it("refuses a token whose key id the team does not list (unknown kid)", async () => {
    const { team, email } = await memberOfTwoSites();
    const token = await team.sign(email, { kid: "0".repeat(64) });
    await expectRefused(await viaAccess(token, "/v1/inquiries", { vars: team.vars }), /key id/);
  });

  it("refuses a token whose signature is not the team's", async () => {
    const { team, email } = await memberOfTwoSites();
    const token = await team.sign(email, { signWith: "stranger" });
    await expectRefused(await viaAccess(token, "/v1/me", { vars: team.vars }), /signature/);
  });

  it("refuses a valid token of someone who is no member of any site: 403 naming cf-access-jwt-assertion", async () => {
    const team = accessTeam();
    const res = await viaAccess(await team.sign("stranger@elsewhere.example"), "/v1/me", { vars: team.vars });
    expect(res.status).toBe(403);
    const error = await errorOf(res);
    expect(error.code).toBe("not_a_member");
    expect(error.fields[HEADER]).toMatch(/stranger@elsewhere\.example is not a member/);
  });

  it("stops signing in a member removed from their last site, on the next request", async () => {
    const { siteId, siteKey } = await makeSite();
    const admin = await signedInMember(siteId, "admin");
    const leaving = await addMember(siteId, "member");
    const team = accessTeam();
    const token = await team.sign(leaving.email);
    expect((await viaAccess(token, "/v1/me", { vars: team.vars })).status).toBe(200);
    const removed = await viaAccess(undefined, `/v1/members/${leaving.id}`, {
      cookie: admin.cookie,
      siteKey,
      method: "DELETE",
      origin: SELF_ORIGIN,
    });
    expect(removed.status).toBe(204);
    const after = await viaAccess(token, "/v1/me", { vars: team.vars });
    expect(after.status).toBe(403);
    expect((await errorOf(after)).code).toBe("not_a_member");
  });

  it("ignores the header when Access is off (no vars): 401 as without any sign-in", async () => {
    const { team, email } = await memberOfTwoSites();
    const res = await viaAccess(await team.sign(email), "/v1/me", { vars: {} });
    expect(res.status).toBe(401);
    const error = await errorOf(res);
    expect(error.fields).toEqual({ authorization: expect.stringMatching(/is required/) });
    expect(await team.certsFetches()).toBe(0);
  });

  it("answers 500 to a token when only one of the two vars is set (a deployment mistake, not Access off)", async () => {
    const { team, email } = await memberOfTwoSites();
    const res = await viaAccess(await team.sign(email), "/v1/me", { vars: { ACCESS_TEAM_DOMAIN: team.domain } });
    expect(res.status).toBe(500);
    expect((await errorOf(res)).code).toBe("internal_error");
  });

  it("lets a session cookie decide when the request has one beside the header", async () => {
    const { siteId } = await makeSite();
    const linked = await signedInMember(siteId, "viewer");
    const { team, email } = await memberOfTwoSites();
    const res = await viaAccess(await team.sign(email), "/v1/me", { vars: team.vars, cookie: linked.cookie });
    expect(res.status).toBe(200);
    const me = MeSchema.parse(await res.json());
    expect([me.member.email, me.session.via]).toEqual([linked.email, "link"]);
  });

  it("follows Access's key rotation: a token with the new key id is accepted after the keys were cached", async () => {
    const { team, email } = await memberOfTwoSites();
    const vars = { ...team.vars, ACCESS_CERTS_REFETCH_MS: "0" };
    expect((await viaAccess(await team.sign(email), "/v1/me", { vars })).status).toBe(200);
    await team.rotate();
    const res = await viaAccess(await team.sign(email), "/v1/me", { vars });
    expect(res.status).toBe(200);
    expect(MeSchema.parse(await res.json()).session.via).toBe("access");
    expect(await team.certsFetches()).toBe(2);
  });

  it("answers 503 access_unavailable when the team's certs cannot be fetched", async () => {
    const { team, email } = await memberOfTwoSites();
    const token = await team.sign(email);
    const vars = { ...team.vars, ACCESS_TEAM_DOMAIN: team.domain.replace(/\/teams\/.*/, "/no-team-here") };
    const res = await viaAccess(token, "/v1/me", { vars });
    expect(res.status).toBe(503);
    expect(await errorOf(res)).toMatchObject({ code: "access_unavailable", fields: { [HEADER]: expect.any(String) } });
  });
});
