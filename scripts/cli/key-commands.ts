import { insertApiKey, KEY_SCOPES, type KeyScope, listApiKeys, revokeApiKey } from "../../worker/db/api-keys.ts";
import { hashApiKey, newApiKey } from "../../worker/lib/keys.ts";
import { type Command, formatTime, INVOCATION, JSON_OPTION, str, table, UsageError } from "./command.ts";
import { requireSite, SITE_OPTION } from "./site-options.ts";

function scopeArg(value: string | undefined): KeyScope {
  if (value === undefined) return "read";
  if (!(KEY_SCOPES as readonly string[]).includes(value)) {
    throw new UsageError(`--scope "${value}" is not a scope: use read or write`);
  }
  return value as KeyScope;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const create: Command = {
  group: "keys",
  name: "create",
  summary: "Create an API key for the team API; the secret is printed once, only its hash is stored",
  options: {
    site: SITE_OPTION,
    name: { type: "string", required: true, value: "NAME", help: 'what uses the key, e.g. "CRM sync"' },
    scope: {
      type: "string",
      value: "SCOPE",
      help: "read (default: lists, details, stats, exports) or write (also follow-up changes)",
    },
  },
  examples: [
    `${INVOCATION} keys create --site site_0123… --name "CRM sync"`,
    `${INVOCATION} keys create --site site_0123… --name "Sales desk" --scope write`,
  ],
  async run(values, ctx) {
    const name = str(values, "name")!.trim();
    if (!name) throw new UsageError("--name cannot be empty");
    const scope = scopeArg(str(values, "scope"));
    const site = await requireSite(ctx, str(values, "site")!);
    const secret = newApiKey();
    const id = await insertApiKey(await ctx.db(), { siteId: site.id, keyHash: await hashApiKey(secret), name, scope });
    ctx.out(`API key created for ${site.siteKey}: "${name}", scope ${scope}`);
    ctx.out(`  key id:  ${id}   (to list or revoke it)`);
    ctx.out(`  API key: ${secret}   (secret: shown only now)`);
  },
};

const list: Command = {
  group: "keys",
  name: "list",
  summary: "List a site's API keys with their scope and when each was last used",
  options: { site: SITE_OPTION, json: JSON_OPTION },
  examples: [`${INVOCATION} keys list --site site_0123…`, `${INVOCATION} keys list --site site_0123… --json`],
  notes: ["LAST USED is updated at most once a minute per key."],
  async run(values, ctx) {
    const site = await requireSite(ctx, str(values, "site")!);
    const keys = await listApiKeys(await ctx.db(), site.id);
    if (values.json) {
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      const json = keys.map((k) => ({
        ...k,
        createdAt: iso(k.createdAt),
        lastUsedAt: iso(k.lastUsedAt),
        revokedAt: iso(k.revokedAt),
      }));
      ctx.out(JSON.stringify(json, null, 2));
      return;
    }
    if (keys.length === 0) {
      ctx.out(
        `Site ${site.siteKey} has no API keys. Create one: ${INVOCATION} keys create --site ${site.siteKey} --name NAME`,
      );
      return;
    }
    const rows = keys.map((k) => [
      k.id,
      k.name,
      k.scope,
      formatTime(k.createdAt),
      formatTime(k.lastUsedAt),
      k.revokedAt === null ? "active" : `revoked ${formatTime(k.revokedAt)}`,
    ]);
    for (const line of table([["KEY ID", "NAME", "SCOPE", "CREATED", "LAST USED", "STATE"], ...rows])) ctx.out(line);
  },
};

const revoke: Command = {
  group: "keys",
  name: "revoke",
  summary: "Revoke an API key: it is refused from its next request on",
  options: {
    site: SITE_OPTION,
    key: { type: "string", required: true, value: "KEY", help: "the key id from `keys list`, or the secret itself" },
  },
  examples: [
    `${INVOCATION} keys revoke --site site_0123… --key 6f1c1c2e-8d0e-4b8a-9a55-0d6f3f1f2a10`,
    `${INVOCATION} keys revoke --site site_0123… --key hk_…   (a leaked secret)`,
  ],
  async run(values, ctx) {
    const given = str(values, "key")!.trim();
    const site = await requireSite(ctx, str(values, "site")!);
    const which = UUID.test(given) ? { id: given.toLowerCase() } : { keyHash: await hashApiKey(given) };
    const outcome = await revokeApiKey(await ctx.db(), site.id, which);
    if (outcome === "not_found") {
      throw new UsageError(
        `${site.siteKey} has no API key "${given}" (see: ${INVOCATION} keys list --site ${site.siteKey})`,
      );
    }
    ctx.out(outcome === "revoked" ? "API key revoked." : "API key was already revoked.");
  },
};

export const keyCommands: Command[] = [create, list, revoke];
