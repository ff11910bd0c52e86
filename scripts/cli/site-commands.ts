import { createSite, listSites, updateSite } from "../../worker/db/sites.ts";
import { newSiteKey } from "../../worker/lib/keys.ts";
import { type Command, INVOCATION, JSON_OPTION, str, strs, table, UsageError } from "./command.ts";
import { originsArg, requireSite, SITE_OPTION, warnIfNoOrigins } from "./site-options.ts";
import { canonicalTimeZone } from "./time-zone.ts";
import { TURNSTILE_OPTIONS, turnstileArg, turnstileKeyOf, warnIfTestSecret } from "./turnstile-options.ts";

const TIME_ZONE_OPTION = {
  type: "string",
  value: "ZONE",
  help: "IANA time zone of the site's stats days and weeks (default Asia/Tokyo)",
} as const;

/** The canonical zone, or a usage error naming the bad value. */
function timeZoneArg(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const zone = canonicalTimeZone(value);
  if (!zone) throw new UsageError(`--time-zone "${value}" is not an IANA time zone (e.g. Asia/Tokyo, Europe/Berlin)`);
  return zone;
}

/** Months of retention as the migration's CHECK allows them (1–120), or a usage error. */
function retentionArg(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const months = Number(value);
  if (!/^\d+$/.test(value) || months < 1 || months > 120) {
    throw new UsageError(`--retention-months "${value}" must be a whole number of months between 1 and 120`);
  }
  return months;
}

/** `--<option> on|off`, or a usage error. */
function onOffArg(option: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === "on" || value === "off") return value === "on";
  throw new UsageError(`--${option} "${value}" must be on or off`);
}

/**
 * The script tag the docs recommend: in `<head>`, async, render-blocking so that inline forms'
 * room is reserved before the first paint, with the privacy policy linked from the consent line.
 */
export const embedTag = (siteKey: string) =>
  `<script src="https://YOUR-COLLECTOR/w.js" data-site="${siteKey}" data-privacy-url="/privacy" async blocking="render"></script>`;

const create: Command = {
  group: "sites",
  name: "create",
  summary: "Create a site and print its public site key",
  options: {
    name: { type: "string", required: true, value: "NAME", help: "the site's name, for people" },
    origin: {
      type: "string",
      multiple: true,
      value: "URL",
      help: 'an origin whose pages may submit (repeat for several; "*" allows any)',
    },
    "time-zone": TIME_ZONE_OPTION,
  },
  examples: [
    `${INVOCATION} sites create --name "ACME" --origin https://acme.example --origin https://www.acme.example`,
    `${INVOCATION} sites create --name "ACME Europe" --origin https://acme.example --time-zone Europe/Berlin`,
  ],
  async run(values, ctx) {
    const name = str(values, "name")!.trim();
    if (!name) throw new UsageError("--name cannot be empty");
    const origins = originsArg(strs(values, "origin"));
    const timeZone = timeZoneArg(str(values, "time-zone"));
    const siteKey = newSiteKey();
    await createSite(await ctx.db(), { siteKey, name, allowedOrigins: origins, timeZone });
    ctx.out(`Site created: ${name}`);
    ctx.out(`  site key: ${siteKey}   (public: goes in the script tag)`);
    ctx.out(`  origins:  ${origins.join(" ") || "(none)"}`);
    ctx.out(`  embed:    ${embedTag(siteKey)}`);
    ctx.out("            (in each page's <head>; data-privacy-url: the site's privacy policy, see docs/embedding.md)");
    ctx.out(`  API key:  ${INVOCATION} keys create --site ${siteKey} --name "CRM sync" --scope read`);
    warnIfNoOrigins(ctx, siteKey, origins);
  },
};

const list: Command = {
  group: "sites",
  name: "list",
  summary: "List every site with its origins, time zone and state",
  options: { json: JSON_OPTION },
  examples: [`${INVOCATION} sites list`, `${INVOCATION} sites list --remote`, `${INVOCATION} sites list --json`],
  async run(values, ctx) {
    const sites = await listSites(await ctx.db());
    if (values.json) {
      const json = sites.map((s) => ({
        siteKey: s.siteKey,
        name: s.name,
        timeZone: s.timeZone,
        enabled: s.disabledAt === null,
        origins: JSON.parse(s.allowedOrigins) as string[],
        retentionMonths: s.retentionMonths,
        fullUrls: s.fullUrls === 1,
        formAnalytics: s.formAnalytics === 1,
        // The public key only: the secret never leaves the database through the CLI.
        turnstile: turnstileKeyOf(s) ? { siteKey: turnstileKeyOf(s) } : null,
        createdAt: new Date(s.createdAt).toISOString(),
      }));
      ctx.out(JSON.stringify(json, null, 2));
      return;
    }
    if (sites.length === 0) {
      ctx.out(`No sites yet. Create one: ${INVOCATION} sites create --name "ACME" --origin https://acme.example`);
      return;
    }
    const rows = sites.map((s) => [
      s.siteKey,
      s.name,
      s.timeZone,
      s.disabledAt === null ? "enabled" : "disabled",
      turnstileKeyOf(s) ?? "off",
      (JSON.parse(s.allowedOrigins) as string[]).join(" ") || "(no origins)",
    ]);
    for (const line of table([["SITE KEY", "NAME", "TIME ZONE", "STATE", "TURNSTILE", "ORIGINS"], ...rows]))
      ctx.out(line);
  },
};

const set: Command = {
  group: "sites",
  name: "set",
  summary: "Change a site's name, time zone, retention, full-URL opt-in, form analytics or Cloudflare Turnstile",
  options: {
    site: SITE_OPTION,
    name: { type: "string", value: "NAME", help: "the new name" },
    "time-zone": TIME_ZONE_OPTION,
    "retention-months": {
      type: "string",
      value: "N",
      help: "keep personal data N months (1–120, default 24), then the daily purge removes it",
    },
    "full-urls": {
      type: "string",
      value: "on|off",
      help: "on: store page, referrer, landing and privacy URLs whole; off (default): origin, path, UTM and click ids",
    },
    "form-analytics": {
      type: "string",
      value: "on|off",
      help: "on (default): the widget counts form views, starts and abandons, without cookies (docs/analytics.md)",
    },
    ...TURNSTILE_OPTIONS,
  },
  examples: [
    `${INVOCATION} sites set --site site_0123… --name "ACME Japan"`,
    `${INVOCATION} sites set --site site_0123… --time-zone America/New_York`,
    `${INVOCATION} sites set --site site_0123… --retention-months 12`,
    `${INVOCATION} sites set --site site_0123… --full-urls on`,
    `${INVOCATION} sites set --site site_0123… --form-analytics off`,
    `${INVOCATION} sites set --site site_0123… --turnstile-site-key 0x4AAAAAAA… --turnstile-secret 0x4AAAAAAA…`,
    `${INVOCATION} sites set --site site_0123… --turnstile-off`,
  ],
  notes: [
    "Full URLs keep query strings and fragments, which often carry e-mail addresses and tokens: turn them on",
    "only if the site's pages put nothing personal there. User info (user:pass@) is never stored.",
    "Turnstile: create a widget for the site's hostnames in the Cloudflare dashboard (Turnstile → Add widget),",
    "then give both keys. Off by default.",
  ],
  async run(values, ctx) {
    const name = str(values, "name")?.trim();
    if (name === "") throw new UsageError("--name cannot be empty");
    const timeZone = timeZoneArg(str(values, "time-zone"));
    const retentionMonths = retentionArg(str(values, "retention-months"));
    const fullUrls = onOffArg("full-urls", str(values, "full-urls"));
    const formAnalytics = onOffArg("form-analytics", str(values, "form-analytics"));
    const turnstile = turnstileArg(values);
    if (
      name === undefined &&
      timeZone === undefined &&
      retentionMonths === undefined &&
      fullUrls === undefined &&
      formAnalytics === undefined &&
      turnstile === undefined
    ) {
      throw new UsageError(
        "nothing to change: give --name, --time-zone, --retention-months, --full-urls, --form-analytics, --turnstile-site-key with --turnstile-secret, or --turnstile-off",
      );
    }
    const site = await requireSite(ctx, str(values, "site")!);
    await updateSite(await ctx.db(), site.id, {
      name,
      timeZone,
      retentionMonths,
      fullUrls,
      formAnalytics,
      turnstile,
    });
    const full = fullUrls ?? site.fullUrls === 1;
    const turnstileKey = turnstile === undefined ? turnstileKeyOf(site) : (turnstile?.siteKey ?? null);
    ctx.out(
      `Site ${site.siteKey}: name "${name ?? site.name}", time zone ${timeZone ?? site.timeZone}, ` +
        `personal data kept ${retentionMonths ?? site.retentionMonths} months, ` +
        `${full ? "full URLs" : "URLs stripped to origin, path, UTM and click ids"}, ` +
        `form analytics ${(formAnalytics ?? site.formAnalytics === 1) ? "on" : "off"}, ` +
        `Turnstile ${turnstileKey ? `on (site key ${turnstileKey})` : "off"}.`,
    );
    if (fullUrls !== undefined || formAnalytics !== undefined || turnstile !== undefined)
      ctx.out("  A running collector applies this within a minute (sites are cached for 60 s).");
    warnIfTestSecret(ctx, turnstile);
  },
};

function switchCommand(disable: boolean): Command {
  const verb = disable ? "disable" : "enable";
  return {
    group: "sites",
    name: verb,
    summary: disable
      ? "Stop collecting: the site's submissions are refused (403 site_disabled); its data and keys stay"
      : "Collect again for a disabled site",
    options: { site: SITE_OPTION },
    examples: [`${INVOCATION} sites ${verb} --site site_0123…`],
    notes: ["A running collector applies the change within a minute (sites are cached per isolate for 60 s)."],
    async run(values, ctx) {
      const site = await requireSite(ctx, str(values, "site")!);
      if ((site.disabledAt !== null) === disable) {
        ctx.out(`Site ${site.siteKey} is already ${verb}d.`);
        return;
      }
      await updateSite(await ctx.db(), site.id, { disabled: disable });
      ctx.out(`Site ${site.siteKey} ${verb}d.`);
    },
  };
}

export const siteCommands: Command[] = [create, list, set, switchCommand(true), switchCommand(false)];
