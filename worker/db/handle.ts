// Which D1 database holds a site's rows. One deployment starts with one database (`DB`); when
// it outgrows it (docs/decisions/0017-outgrowing-one-d1.md), groups of sites move to other D1
// bindings named in `SITE_DATABASES`, and every data access follows, because none of them names
// `env.DB` itself: a request's `c.var.db`, a cron's or the queue consumer's `databaseFor(env, site)`.
import type { Env } from "../env.ts";

/** Parsed routing tables, by their raw text: parsed once per isolate, not per request. */
const routes = new Map<string, Map<string, string>>();

/**
 * `SITE_DATABASES`: a JSON object from a D1 binding name to the ids of the sites it holds, e.g.
 * `{"DB_2": ["0b1f…", "7c3e…"]}`. A site not listed is in `DB`. A malformed table, or a binding the
 * Worker does not have, throws: a site's rows written to the wrong database would be lost to it.
 */
function routingTable(env: Env): Map<string, string> {
  const raw = env.SITE_DATABASES ?? "";
  let table = routes.get(raw);
  if (table) return table;
  table = new Map();
  if (raw.trim() !== "") {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new Error('SITE_DATABASES must be a JSON object: {"BINDING": ["site id", …]}');
    }
    for (const [binding, siteIds] of Object.entries(parsed)) {
      if (!Array.isArray(siteIds)) throw new Error(`SITE_DATABASES.${binding} must be a list of site ids`);
      if (!isD1(bindingOf(env, binding))) throw new Error(`SITE_DATABASES names ${binding}, not a D1 binding`);
      for (const siteId of siteIds) table.set(String(siteId), binding);
    }
  }
  routes.set(raw, table);
  return table;
}

function bindingOf(env: Env, name: string): unknown {
  return (env as unknown as Record<string, unknown>)[name];
}

function isD1(value: unknown): value is D1Database {
  return typeof value === "object" && value !== null && "prepare" in value && "batch" in value;
}

/** The database that holds the rows of site `siteId` (its contacts, leads, inquiries, outbox, …). */
export function databaseFor(env: Env, siteId: string): D1Database {
  const binding = routingTable(env).get(siteId);
  return binding ? (bindingOf(env, binding) as D1Database) : env.DB;
}

/**
 * The database of what is looked up before a site is known, across sites: the site by its public
 * key, API keys, members and their sites, sign-in links and sessions. Always `DB`.
 */
export function directoryDatabase(env: Env): D1Database {
  return env.DB;
}

/** Every database that holds sites' rows, each once: `DB` first. For crons that walk all sites. */
export function allDatabases(env: Env): D1Database[] {
  const bindings = new Set(routingTable(env).values());
  bindings.delete("DB");
  return [env.DB, ...[...bindings].map((binding) => bindingOf(env, binding) as D1Database)];
}
