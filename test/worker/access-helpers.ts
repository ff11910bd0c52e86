// A Cloudflare Access team of its own on the stand-in (scripts/access-standin.ts) for one test:
// its keys, its certs fetch count, tokens it signs. Each team has its own certs URL, so the
// worker's per-isolate key cache never carries one test's keys into another.
import { inject } from "vitest";
import type { SignOptions } from "../../scripts/access-standin.ts";

export interface AccessTeam {
  /** The team domain (ACCESS_TEAM_DOMAIN, and the tokens' `iss`). */
  domain: string;
  /** The Access application's AUD tag (ACCESS_AUD). */
  aud: string;
  /** The worker vars that turn Access on for this team. */
  vars: { ACCESS_TEAM_DOMAIN: string; ACCESS_AUD: string };
  /** An application token for `email`, with the application's AUD unless `options` say otherwise. */
  sign(email: string | null, options?: Partial<SignOptions>): Promise<string>;
  /** Rotates the team's signing key; the previous one stays listed. */
  rotate(): Promise<void>;
  /** From now on the team's certs answer `status` (0: the keys again). */
  outage(status: number): Promise<void>;
  /** How many times the team's certs were fetched. */
  certsFetches(): Promise<number>;
}

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");

export function accessTeam(): AccessTeam {
  const domain = `${inject("accessUrl")}/teams/${hex(6)}`;
  const aud = hex(32);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${domain}${path}`, { method: "POST", body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`stand-in ${path}: ${res.status} ${await res.text()}`);
    return res.json<{ token: string }>();
  };
  return {
    domain,
    aud,
    vars: { ACCESS_TEAM_DOMAIN: domain, ACCESS_AUD: aud },
    sign: async (email, options = {}) => (await post("/__sign", { email, aud: [aud], ...options })).token,
    rotate: async () => {
      await post("/__rotate", {});
    },
    outage: async (status) => {
      await post("/__outage", { status });
    },
    certsFetches: async () => (await (await fetch(`${domain}/__fetches`)).json<{ count: number }>()).count,
  };
}
