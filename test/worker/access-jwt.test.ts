import { describe, expect, it } from "vitest";
import {
  AccessCertsUnavailable,
  accessConfig,
  MIN_REFETCH_MS,
  verifyAccessToken,
} from "../../worker/lib/access-jwt.ts";
import { type AccessTeam, accessTeam } from "./access-helpers.ts";

// lib/access-jwt.ts in workerd against the Access stand-in over real HTTP: the team's certs are
// fetched from it and its tokens are signed with its keys.

const configOf = (team: AccessTeam, vars: { ACCESS_CERTS_REFETCH_MS?: string } = {}) => {
  const config = accessConfig({ ...team.vars, ...vars });
  if (!config) throw new Error("Access should be on");
  return config;
};

const decodePart = (token: string, index: number) =>
  JSON.parse(atob((token.split(".")[index] ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;

describe("accessConfig", () => {
  it("is off when neither var is set, or both are blank", () => {
    expect(accessConfig({})).toBeNull();
    expect(accessConfig({ ACCESS_TEAM_DOMAIN: " ", ACCESS_AUD: "" })).toBeNull();
  });

  it("refuses one var without the other, naming both", () => {
    expect(() => accessConfig({ ACCESS_TEAM_DOMAIN: "https://acme.cloudflareaccess.com" })).toThrow(
      /ACCESS_TEAM_DOMAIN and ACCESS_AUD/,
    );
    expect(() => accessConfig({ ACCESS_AUD: "abc" })).toThrow(/ACCESS_TEAM_DOMAIN and ACCESS_AUD/);
  });

  it("takes the team domain with or without https:// and a trailing slash, as the issuer Access writes", () => {
    for (const domain of ["acme.cloudflareaccess.com", "https://acme.cloudflareaccess.com/"]) {
      expect(accessConfig({ ACCESS_TEAM_DOMAIN: domain, ACCESS_AUD: "abc" })).toEqual({
        issuer: "https://acme.cloudflareaccess.com",
        aud: "abc",
        minRefetchMs: MIN_REFETCH_MS,
      });
    }
  });
});

describe("verifyAccessToken against the stand-in's certs", () => {
  it("accepts a token Access signed for the application and returns its email and exp", async () => {
    const team = accessTeam();
    const token = await team.sign("Aiko@Example.com");
    const verdict = await verifyAccessToken(token, configOf(team));
    expect(verdict).toEqual({ ok: true, email: "Aiko@Example.com", exp: decodePart(token, 1).exp });
    expect(decodePart(token, 0)).toMatchObject({ alg: "RS256", typ: "JWT" });
  });

  it("refuses an expired token", async () => {
    const team = accessTeam();
    const verdict = await verifyAccessToken(await team.sign("a@example.com", { expiresIn: -5 }), configOf(team));
    expect(verdict).toMatchObject({ ok: false, refusal: "expired", reason: expect.stringMatching(/expired/) });
  });

  it("refuses a token that is not valid yet (nbf in the future)", async () => {
    const team = accessTeam();
    const verdict = await verifyAccessToken(await team.sign("a@example.com", { notBefore: 600 }), configOf(team));
    expect(verdict).toMatchObject({ ok: false, refusal: "not_yet_valid" });
  });

  it("refuses a token for another Access application (aud)", async () => {
    const team = accessTeam();
    const token = await team.sign("a@example.com", { aud: ["0".repeat(64)] });
    expect(await verifyAccessToken(token, configOf(team))).toMatchObject({
      ok: false,
      refusal: "wrong_audience",
      reason: expect.stringMatching(/aud/),
    });
  });

  it("refuses a token issued by another team (iss), though signed with this team's key", async () => {
    const team = accessTeam();
    const token = await team.sign("a@example.com", { issuer: "https://other.cloudflareaccess.com" });
    expect(await verifyAccessToken(token, configOf(team))).toMatchObject({ ok: false, refusal: "wrong_issuer" });
  });

  it("refuses a token whose key id the team does not list, after one refetch of the certs", async () => {
    const team = accessTeam();
    const config = configOf(team, { ACCESS_CERTS_REFETCH_MS: "0" });
    expect(await verifyAccessToken(await team.sign("a@example.com"), config)).toMatchObject({ ok: true });
    expect(await team.certsFetches()).toBe(1);
    const token = await team.sign("a@example.com", { kid: "f".repeat(64) });
    expect(await verifyAccessToken(token, config)).toMatchObject({
      ok: false,
      refusal: "unknown_key",
      reason: expect.stringMatching(/key id/),
    });
    expect(await team.certsFetches()).toBe(2);
  });

  it("refuses a token signed with a key the team does not have, under the team's key id", async () => {
    const team = accessTeam();
    const token = await team.sign("a@example.com", { signWith: "stranger" });
    expect(await verifyAccessToken(token, configOf(team))).toMatchObject({ ok: false, refusal: "bad_signature" });
  });

  it("refuses a token whose claims were changed after signing", async () => {
    const team = accessTeam();
    const [header, , signature] = (await team.sign("a@example.com")).split(".");
    const other = (await team.sign("boss@example.com")).split(".")[1];
    expect(await verifyAccessToken(`${header}.${other}.${signature}`, configOf(team))).toMatchObject({
      ok: false,
      refusal: "bad_signature",
    });
  });

  it("refuses what is not an RS256 JWT with a key id, without fetching the certs", async () => {
    const team = accessTeam();
    const config = configOf(team);
    const [, payload, signature] = (await team.sign("a@example.com")).split(".");
    const hs256 = btoa(JSON.stringify({ alg: "HS256", typ: "JWT", kid: "k" })).replace(/=+$/, "");
    const noKid = btoa(JSON.stringify({ alg: "RS256", typ: "JWT" })).replace(/=+$/, "");
    for (const token of [
      "",
      "not-a-jwt",
      "a.b.c",
      `${hs256}.${payload}.${signature}`,
      `${noKid}.${payload}.${signature}`,
    ]) {
      expect(await verifyAccessToken(token, config), token).toMatchObject({ ok: false, refusal: "malformed" });
    }
    expect(await team.certsFetches()).toBe(0);
  });

  it("refuses a service token (no email claim)", async () => {
    const team = accessTeam();
    expect(await verifyAccessToken(await team.sign(null), configOf(team))).toMatchObject({
      ok: false,
      refusal: "no_email",
    });
  });

  it("fetches the team's certs once for many tokens", async () => {
    const team = accessTeam();
    const config = configOf(team);
    for (const email of ["a@example.com", "b@example.com", "c@example.com"]) {
      expect(await verifyAccessToken(await team.sign(email), config)).toMatchObject({ ok: true, email });
    }
    expect(await team.certsFetches()).toBe(1);
  });

  it("follows a key rotation: a new key id refetches the certs, and the previous key still verifies", async () => {
    const team = accessTeam();
    const config = configOf(team, { ACCESS_CERTS_REFETCH_MS: "0" });
    expect(await verifyAccessToken(await team.sign("a@example.com"), config)).toMatchObject({ ok: true });
    await team.rotate();
    expect(await verifyAccessToken(await team.sign("a@example.com"), config)).toMatchObject({ ok: true });
    expect(await verifyAccessToken(await team.sign("a@example.com", { signWith: "previous" }), config)).toMatchObject({
      ok: true,
    });
    expect(await team.certsFetches()).toBe(2);
  });

  it("does not refetch the certs for an unknown key id within the refetch interval", async () => {
    const team = accessTeam();
    const config = configOf(team);
    expect(await verifyAccessToken(await team.sign("a@example.com"), config)).toMatchObject({ ok: true });
    await team.rotate();
    expect(await verifyAccessToken(await team.sign("a@example.com"), config)).toMatchObject({
      ok: false,
      refusal: "unknown_key",
    });
    expect(await team.certsFetches()).toBe(1);
  });

  it("keeps verifying with the keys it has when a refetch of the team's certs fails", async () => {
    const team = accessTeam();
    const config = configOf(team, { ACCESS_CERTS_REFETCH_MS: "0" });
    expect(await verifyAccessToken(await team.sign("a@example.com"), config)).toMatchObject({ ok: true });
    await team.outage(503);
    // A new key id asks the certs again; they fail, so the cached keys are kept and used.
    const unknown = await team.sign("a@example.com", { kid: "e".repeat(64) });
    expect(await verifyAccessToken(unknown, config)).toMatchObject({ ok: false, refusal: "unknown_key" });
    expect(await team.certsFetches()).toBe(2);
    expect(await verifyAccessToken(await team.sign("b@example.com"), config)).toMatchObject({
      ok: true,
      email: "b@example.com",
    });
    expect(await team.certsFetches()).toBe(2);
  });

  it("throws AccessCertsUnavailable when the team's certs cannot be fetched", async () => {
    const team = accessTeam();
    const config = configOf(team);
    const token = await team.sign("a@example.com");
    const nowhere = { ...config, issuer: `${team.domain.replace(/\/teams\/.*/, "")}/no-team-here` };
    await expect(verifyAccessToken(token, nowhere)).rejects.toBeInstanceOf(AccessCertsUnavailable);
  });
});
