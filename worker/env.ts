/** Bindings declared in wrangler.toml. */
export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
}

/** A site as the collector needs it on every request. */
export interface Site {
  id: string;
  siteKey: string;
  name: string;
  allowedOrigins: string[];
  disabled: boolean;
}

/** The API key of a team-API request (set by apiKeyAuth). */
export interface RequestKey {
  id: string;
  scope: "read" | "write";
}

export type AppEnv = { Bindings: Env; Variables: { site: Site; apiKey: RequestKey } };
