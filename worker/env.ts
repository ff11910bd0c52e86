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

export type AppEnv = { Bindings: Env; Variables: { site: Site } };
