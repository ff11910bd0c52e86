// A local stand-in for Cloudflare Access (Zero Trust), which tests cannot reach. It plays what
// an origin behind Access sees of it, as Cloudflare documents
// (https://developers.cloudflare.com/cloudflare-one/identity/authorization-cookie/validating-json/
// and …/application-token/):
//   GET  <team>/cdn-cgi/access/certs   { keys: [JWK, …], public_cert: {kid, cert}, public_certs: [{kid, cert}, …] }
//                                      the current key and, after a rotation, the previous one
// and, for tests, what Access itself would do in front of the origin:
//   POST <team>/__sign      JSON SignOptions → { token }: an application token (RS256) with the
//                           documented claims, or a deliberately wrong one
//   POST <team>/__rotate    a new current signing key; the previous one stays listed → { kid }
//   GET  <team>/__fetches   how many times the certs were fetched → { count }
//   POST <team>/__outage    JSON { status }: the certs answer that HTTP status from now on (0: normally again)
// <team> is the stand-in's root, or /teams/<any name> for a team of its own (keys, fetch count),
// so that each test can have a team whose keys nobody else rotates or caches. The team domain to
// configure (ACCESS_TEAM_DOMAIN, and the tokens' `iss`) is the stand-in's URL plus that path.
import { execFile } from "node:child_process";
import { createHash, generateKeyPair, type KeyObject, randomBytes, sign } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

/** What a test asks the stand-in to sign. */
export interface SignOptions {
  /** The signed-in person; null: a service token's claims (no `email`, a `common_name` instead). */
  email: string | null;
  /** The `aud` claim: the Access application's AUD tag(s). */
  aud: string | string[];
  /** Seconds from now to `exp` (default 3600); ≤ 0 gives an expired token. */
  expiresIn?: number;
  /** Seconds from now to `nbf` (default 0); > 0 gives a token not valid yet. */
  notBefore?: number;
  /** The `iss` claim (default: this team's domain). */
  issuer?: string;
  /** The header's `kid` (default: the signing key's own). */
  kid?: string;
  /**
   * Which key signs: the current one (default), the previous one (after a rotation), or a key
   * the certs never list, named with the current kid (a forged signature).
   */
  signWith?: "current" | "previous" | "stranger";
}

export interface AccessStandIn {
  /** Base URL, e.g. http://127.0.0.1:41234: the root team's domain. */
  url: string;
  close(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, string>;
  /** A self-signed X.509 certificate of the key, PEM (the certs' `public_cert(s)`). */
  cert: string;
}

interface Team {
  domain: string;
  current: SigningKey;
  previous?: SigningKey;
  /** Signs with a key the certs never list. */
  stranger: SigningKey;
  certsFetches: number;
  /** An HTTP status the certs answer instead of the keys (an outage), or 0. */
  outage: number;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

async function newSigningKey(subject: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: "jwk" }) as { n: string; e: string };
  // Access's key ids are 64 hex digits; a hash of the modulus gives one that is stable per key.
  const kid = createHash("sha256").update(n).digest("hex");
  return {
    kid,
    privateKey,
    jwk: { kid, kty: "RSA", alg: "RS256", use: "sig", e, n },
    cert: await certificate(privateKey, subject),
  };
}

/** A self-signed certificate of the key: Node cannot issue one, openssl (on every test machine) can. */
async function certificate(privateKey: KeyObject, subject: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "access-standin-"));
  try {
    const keyFile = join(dir, "key.pem");
    writeFileSync(keyFile, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
    const { stdout } = await promisify(execFile)(
      "openssl",
      ["req", "-new", "-x509", "-key", keyFile, "-subj", `/CN=${subject}`, "-days", "42"],
      { encoding: "utf8" },
    );
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Signing keys, each used once, made ahead from the first one asked for. An RSA key and its
 * certificate take a while (longer on a busy machine), and the stand-in runs in the test runner's
 * own process: made synchronously when a team was first seen, every new team held up that process
 * and the tests of every file with it.
 */
function keyMaker(subject: string, ahead: number) {
  const ready: Promise<SigningKey>[] = [];
  const topUp = () => {
    while (ready.length < ahead) {
      const key = newSigningKey(subject);
      key.catch(() => {}); // a failure surfaces where the key is taken
      ready.push(key);
    }
  };
  return () => {
    const key = ready.shift() ?? newSigningKey(subject);
    topUp();
    return key;
  };
}

async function newTeam(domain: string, nextKey: () => Promise<SigningKey>): Promise<Team> {
  const [current, stranger] = await Promise.all([nextKey(), nextKey()]);
  return { domain, current, stranger, certsFetches: 0, outage: 0 };
}

/** The certs document: the current key and the previous one, as JWKs and as certificates. */
function certs(team: Team) {
  const listed = team.previous ? [team.current, team.previous] : [team.current];
  return {
    keys: listed.map((key) => key.jwk),
    public_cert: { kid: team.current.kid, cert: team.current.cert },
    public_certs: listed.map((key) => ({ kid: key.kid, cert: key.cert })),
  };
}

/** An application token for `options`, signed as Access signs (RS256, its header and claims). */
export function signToken(team: Team, options: SignOptions): string {
  const key =
    options.signWith === "previous"
      ? team.previous
      : options.signWith === "stranger"
        ? { ...team.stranger, kid: team.current.kid }
        : team.current;
  if (!key) throw new Error("no previous key: rotate first");
  const now = Math.floor(Date.now() / 1000);
  const iat = now + Math.min(0, options.notBefore ?? 0);
  const identity = options.email
    ? {
        email: options.email,
        type: "app",
        identity_nonce: randomBytes(12).toString("base64url"),
        // A stable user id per e-mail, as Access's is per user.
        sub: uuidFrom(options.email),
        country: "JP",
      }
    : { type: "app", common_name: `${randomBytes(8).toString("hex")}.access`, sub: "" };
  const payload = {
    aud: options.aud,
    exp: now + (options.expiresIn ?? 3600),
    iat,
    nbf: now + (options.notBefore ?? 0),
    iss: options.issuer ?? team.domain,
    ...identity,
  };
  const header = { alg: "RS256", kid: options.kid ?? key.kid, typ: "JWT" };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${b64url(sign("sha256", Buffer.from(input), key.privateKey))}`;
}

function uuidFrom(text: string): string {
  const hex = createHash("sha256").update(text).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

/** Starts the stand-in on `port` (0: any free port) of 127.0.0.1. */
export async function startAccessStandIn(options: { port?: number } = {}): Promise<AccessStandIn> {
  const teams = new Map<string, Promise<Team>>();
  let base = "";
  let nextKey: () => Promise<SigningKey>;
  const teamAt = (path: string) => {
    let team = teams.get(path);
    if (!team) {
      team = newTeam(base + path, nextKey);
      teams.set(path, team);
    }
    return team;
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://standin");
    const [, teamPath = "", route = ""] = /^((?:\/teams\/[^/]+)?)(\/.*)$/.exec(url.pathname) ?? [];
    const json = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method === "GET" && route === "/cdn-cgi/access/certs") {
        const team = await teamAt(teamPath);
        team.certsFetches += 1;
        return team.outage ? json(team.outage, { error: "stand-in outage" }) : json(200, certs(team));
      }
      if (req.method === "POST" && route === "/__sign") {
        return json(200, { token: signToken(await teamAt(teamPath), (await readJson(req)) as SignOptions) });
      }
      if (req.method === "POST" && route === "/__rotate") {
        const team = await teamAt(teamPath);
        const next = await nextKey();
        team.previous = team.current;
        team.current = next;
        return json(200, { kid: team.current.kid });
      }
      if (req.method === "POST" && route === "/__outage") {
        (await teamAt(teamPath)).outage = Number(((await readJson(req)) as { status?: number }).status) || 0;
        return json(200, {});
      }
      if (req.method === "GET" && route === "/__fetches")
        return json(200, { count: (await teamAt(teamPath)).certsFetches });
      json(404, { error: "not found" });
    } catch (error) {
      json(400, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Every team is on this host: its certificates name it. A team takes two keys (three after a rotation).
  nextKey = keyMaker(new URL(base).host, 6);
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
