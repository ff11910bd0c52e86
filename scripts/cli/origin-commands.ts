import { updateSite } from "../../worker/db/sites.ts";
import { type Command, INVOCATION, str, strs, UsageError } from "./command.ts";
import { originsArg, requireSite, SITE_OPTION, warnIfNoOrigins } from "./site-options.ts";

const ORIGIN_OPTION = {
  type: "string",
  multiple: true,
  required: true,
  value: "URL",
  help: 'scheme and host[:port], e.g. https://www.acme.example (repeat for several; "*" means any)',
} as const;

const NOTE = "A running collector applies the change within a minute (sites are cached per isolate for 60 s).";

const add: Command = {
  group: "origins",
  name: "add",
  summary: "Allow pages on more origins to submit to a site",
  options: { site: SITE_OPTION, origin: ORIGIN_OPTION },
  examples: [
    `${INVOCATION} origins add --site site_0123… --origin https://www.acme.example`,
    `${INVOCATION} origins add --site site_0123… --origin http://localhost:5173 --origin http://127.0.0.1:5173`,
  ],
  notes: [NOTE],
  async run(values, ctx) {
    const wanted = originsArg(strs(values, "origin"));
    const site = await requireSite(ctx, str(values, "site")!);
    const current = JSON.parse(site.allowedOrigins) as string[];
    const added = wanted.filter((o) => !current.includes(o));
    if (added.length === 0) {
      ctx.out(`Site ${site.siteKey} already allows ${wanted.join(" ")}.`);
      return;
    }
    const origins = [...current, ...added];
    await updateSite(await ctx.db(), site.id, { allowedOrigins: origins });
    ctx.out(`Site ${site.siteKey} origins: ${origins.join(" ")}`);
  },
};

const remove: Command = {
  group: "origins",
  name: "remove",
  summary: "Stop allowing origins to submit to a site",
  options: { site: SITE_OPTION, origin: ORIGIN_OPTION },
  examples: [`${INVOCATION} origins remove --site site_0123… --origin http://staging.acme.example`],
  notes: [NOTE],
  async run(values, ctx) {
    const unwanted = originsArg(strs(values, "origin"));
    const site = await requireSite(ctx, str(values, "site")!);
    const current = JSON.parse(site.allowedOrigins) as string[];
    const unknown = unwanted.filter((o) => !current.includes(o));
    if (unknown.length > 0) {
      throw new UsageError(
        `${unknown.join(" ")} is not an origin of ${site.siteKey} (its origins: ${current.join(" ") || "none"})`,
      );
    }
    const origins = current.filter((o) => !unwanted.includes(o));
    await updateSite(await ctx.db(), site.id, { allowedOrigins: origins });
    ctx.out(`Site ${site.siteKey} origins: ${origins.join(" ") || "(none)"}`);
    warnIfNoOrigins(ctx, site.siteKey, origins);
  },
};

export const originCommands: Command[] = [add, remove];
