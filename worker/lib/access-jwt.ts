// Cloudflare Access application tokens (the `Cf-Access-Jwt-Assertion` header), checked as
// Cloudflare documents (https://developers.cloudflare.com/cloudflare-one/identity/authorization-cookie/validating-json/):
// an RS256 signature by one of the team's keys, listed at <team domain>/cdn-cgi/access/certs and
// matched by `kid`; `iss` is the team domain; `aud` contains the Access application's AUD tag;
// `exp` and `nbf` against the clock. Hono's JWT verify does the claim and signature checks; this
// file adds the key set (fetched, cached, refetched on rotation) and a reason for every refusal.
import { decodeHeader, verify } from "hono/utils/jwt/jwt";
import {
  JwtPayloadRequiresAud,
  JwtTokenAudience,
  JwtTokenExpired,
  JwtTokenIssuedAt,
  JwtTokenIssuer,
  JwtTokenNotBefore,
  JwtTokenSignatureMismatched,
} from "hono/utils/jwt/types";

/** What the worker needs to know about the Access application in front of it. */
export interface AccessConfig {
  /** The team domain as Access writes it in `iss`, e.g. https://acme.cloudflareaccess.com. */
  issuer: string;
  /** The Access application's AUD tag. */
  aud: string;
  /** The least time between two certs fetches caused by an unknown key id (ms). */
  minRefetchMs: number;
}

/** Why a token was refused; each has a reason for the `cf-access-jwt-assertion` field. */
export type AccessRefusal =
  | "malformed"
  | "expired"
  | "not_yet_valid"
  | "wrong_audience"
  | "wrong_issuer"
  | "unknown_key"
  | "bad_signature"
  | "no_email";

export const ACCESS_REFUSAL_REASONS: Record<AccessRefusal, string> = {
  malformed: "is not an RS256 JWT with a key id",
  expired: "has expired: sign in through Cloudflare Access again",
  not_yet_valid: "is not valid yet (nbf / iat in the future)",
  wrong_audience: "was issued for another Access application (aud)",
  wrong_issuer: "was issued by another Access team (iss)",
  unknown_key: "is signed with a key id the Access team does not list",
  bad_signature: "has a signature that does not match the team's key",
  no_email: "carries no email claim (a service token cannot sign in as a member)",
};

export type AccessVerdict =
  | { ok: true; email: string /** Seconds since the epoch, the token's `exp`. */; exp: number }
  | { ok: false; refusal: AccessRefusal; reason: string };

/** The team's certs could not be fetched and no keys are cached: nobody can be verified now. */
export class AccessCertsUnavailable extends Error {}

/** Keys cached this long per isolate; Access rotates every 6 weeks and lists the old key 7 days more. */
const CERTS_CACHE_MS = 5 * 60_000;
/** An unknown key id (a rotation) refetches at most this often, so forged kids cannot flood the team's certs URL. */
export const MIN_REFETCH_MS = 10_000;
const FETCH_TIMEOUT_MS = 5_000;
const RS256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

/**
 * Access's settings from the worker's vars: null when Access is off (neither var set). One
 * without the other is a deployment mistake, thrown rather than silently turning Access off.
 *
 * @example accessConfig({ ACCESS_TEAM_DOMAIN: "acme.cloudflareaccess.com", ACCESS_AUD: "4714…" })
 */
export function accessConfig(vars: {
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
  ACCESS_CERTS_REFETCH_MS?: string;
}): AccessConfig | null {
  const domain = vars.ACCESS_TEAM_DOMAIN?.trim();
  const aud = vars.ACCESS_AUD?.trim();
  if (!domain && !aud) return null;
  if (!domain || !aud) throw new Error("Cloudflare Access needs both ACCESS_TEAM_DOMAIN and ACCESS_AUD (or neither)");
  const withScheme = /^https?:\/\//i.test(domain) ? domain : `https://${domain}`;
  const refetch = Number(vars.ACCESS_CERTS_REFETCH_MS);
  return {
    issuer: withScheme.replace(/\/+$/, ""),
    aud,
    minRefetchMs: vars.ACCESS_CERTS_REFETCH_MS && refetch >= 0 ? refetch : MIN_REFETCH_MS,
  };
}

export const certsUrl = (config: AccessConfig) => `${config.issuer}/cdn-cgi/access/certs`;

interface KeySet {
  keys: Map<string, CryptoKey>;
  fetchedAt: number;
}

// Per isolate, per certs URL. Only the keys are shared between requests, never a fetch in
// flight: workerd ties a fetch to the request that made it.
const keySets = new Map<string, KeySet>();

async function fetchKeySet(url: string): Promise<KeySet> {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!res.ok) throw new AccessCertsUnavailable(`${url} answered HTTP ${res.status}`);
  const body = await res.json<{ keys?: unknown }>();
  if (!Array.isArray(body.keys)) throw new AccessCertsUnavailable(`${url} has no keys array`);
  const keys = new Map<string, CryptoKey>();
  for (const jwk of body.keys as (JsonWebKey & { kid?: unknown })[]) {
    const { kid } = jwk;
    if (typeof kid !== "string" || jwk.kty !== "RSA" || (jwk.alg && jwk.alg !== "RS256")) continue;
    const key = { kty: "RSA", n: jwk.n, e: jwk.e, alg: "RS256", ext: true };
    keys.set(kid, await crypto.subtle.importKey("jwk", key, RS256, false, ["verify"]));
  }
  return { keys, fetchedAt: Date.now() };
}

async function loadKeySet(url: string): Promise<KeySet> {
  try {
    const set = await fetchKeySet(url);
    keySets.set(url, set);
    return set;
  } catch (error) {
    // Keys fetched earlier still verify, for another cache period rather than a fetch (and its
    // timeout) on every request while the team's certs do not answer.
    const stale = keySets.get(url);
    if (!stale) throw error instanceof AccessCertsUnavailable ? error : new AccessCertsUnavailable(String(error));
    console.error(`access: ${url}: ${String(error)}; using the keys fetched before`);
    stale.fetchedAt = Date.now();
    return stale;
  }
}

/** The team's key with this id: cached, refetched when old or (rarely) when the id is new. */
async function keyFor(config: AccessConfig, kid: string): Promise<CryptoKey | undefined> {
  const url = certsUrl(config);
  let set = keySets.get(url);
  const now = Date.now();
  if (!set || now - set.fetchedAt >= CERTS_CACHE_MS) set = await loadKeySet(url);
  else if (!set.keys.has(kid) && now - set.fetchedAt >= config.minRefetchMs) set = await loadKeySet(url);
  return set.keys.get(kid);
}

const refuse = (refusal: AccessRefusal): AccessVerdict => ({
  ok: false,
  refusal,
  reason: ACCESS_REFUSAL_REASONS[refusal],
});

/**
 * Verifies an Access application token. Throws AccessCertsUnavailable only when the team's keys
 * cannot be had at all (the caller answers 503); every problem with the token is a verdict.
 *
 * @example const verdict = await verifyAccessToken(c.req.header("cf-access-jwt-assertion"), config)
 */
export async function verifyAccessToken(token: string, config: AccessConfig): Promise<AccessVerdict> {
  let header: { alg?: unknown; kid?: unknown };
  try {
    header = decodeHeader(token) as typeof header;
  } catch {
    return refuse("malformed");
  }
  if (header.alg !== "RS256" || typeof header.kid !== "string" || !header.kid) return refuse("malformed");
  const key = await keyFor(config, header.kid);
  if (!key) return refuse("unknown_key");
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, key, { alg: "RS256", iss: config.issuer, aud: config.aud });
  } catch (error) {
    return refuse(refusalOf(error));
  }
  // Hono checks exp only when present; Access always sets it, and a session needs an end.
  if (typeof payload.exp !== "number") return refuse("malformed");
  if (typeof payload.email !== "string" || !payload.email) return refuse("no_email");
  return { ok: true, email: payload.email, exp: payload.exp };
}

function refusalOf(error: unknown): AccessRefusal {
  if (error instanceof JwtTokenExpired) return "expired";
  if (error instanceof JwtTokenNotBefore || error instanceof JwtTokenIssuedAt) return "not_yet_valid";
  if (error instanceof JwtTokenAudience || error instanceof JwtPayloadRequiresAud) return "wrong_audience";
  if (error instanceof JwtTokenIssuer) return "wrong_issuer";
  if (error instanceof JwtTokenSignatureMismatched) return "bad_signature";
  return "malformed";
}
