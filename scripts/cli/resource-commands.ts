// `resources …`: the resources a site gates (title, file, delivery on the page or by mail),
// through the same db module and limits as the team API (worker/db/resources.ts, shared/resources.ts).
import { LIMITS } from "../../shared/limits.ts";
import { fileUrlProblem, RESOURCE_DELIVERIES, RESOURCE_LIMITS, type ResourceDelivery } from "../../shared/resources.ts";
import { readSender } from "../../worker/db/autoreplies.ts";
import { listResources, putResource, removeResource } from "../../worker/db/resources.ts";
import { senderProblemForMail } from "../../worker/mail/by-mail.ts";
import { type Command, formatTime, INVOCATION, JSON_OPTION, str, table, UsageError } from "./command.ts";
import { requireSite, SITE_OPTION } from "./site-options.ts";

const ID_OPTION = {
  type: "string",
  required: true,
  value: "RESOURCE_ID",
  help: "the id the host page sends (data-hikiai-download / data-hikiai-lead)",
} as const;

function idArg(value: string): string {
  const id = value.trim();
  if (!id || id.length > LIMITS.resourceId) throw new UsageError(`--id must be 1–${LIMITS.resourceId} characters`);
  return id;
}

function textArg(name: string, value: string, max: number): string {
  const text = value.trim();
  if (!text || text.length > max) throw new UsageError(`--${name} must be 1–${max} characters`);
  return text;
}

function deliveryArg(value: string | undefined): ResourceDelivery | undefined {
  if (value === undefined) return undefined;
  if (!(RESOURCE_DELIVERIES as readonly string[]).includes(value)) {
    throw new UsageError(
      `--delivery "${value}" is not a delivery: use page (download at once) or mail (a mailed link)`,
    );
  }
  return value as ResourceDelivery;
}

function wholeArg(name: string, value: string | undefined, { min, max }: { min: number; max: number }) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`--${name} "${value}" must be a whole number from ${min} to ${max}`);
  }
  return n;
}

const list: Command = {
  group: "resources",
  name: "list",
  summary: "List a site's resources: title, file, delivery (page or mail) and the mailed link's lifetime and uses",
  options: { site: SITE_OPTION, json: JSON_OPTION },
  examples: [`${INVOCATION} resources list --site site_0123…`],
  async run(values, ctx) {
    const site = await requireSite(ctx, str(values, "site")!);
    const all = await listResources(await ctx.db(), site.id);
    if (values.json) {
      const iso = (ms: number) => new Date(ms).toISOString();
      ctx.out(
        JSON.stringify(
          all.map(({ siteId: _, ...r }) => ({ ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) })),
          null,
          2,
        ),
      );
      return;
    }
    if (all.length === 0) {
      ctx.out(
        `Site ${site.siteKey} has no registered resources: downloads go as the page's links say. Register one: ${INVOCATION} resources set --site ${site.siteKey} --id ID --title TITLE --file-url URL`,
      );
      return;
    }
    const rows = all.map((r) => [
      r.resourceId,
      r.title,
      r.delivery,
      r.delivery === "mail" ? `${r.linkDays} days, ${r.linkUses} uses` : "",
      formatTime(r.updatedAt),
      r.fileUrl,
    ]);
    for (const line of table([["ID", "TITLE", "DELIVERY", "LINK", "UPDATED", "FILE"], ...rows])) ctx.out(line);
  },
};

const set: Command = {
  group: "resources",
  name: "set",
  summary: "Register a resource or replace its settings (options left out take their defaults)",
  options: {
    site: SITE_OPTION,
    id: ID_OPTION,
    title: { type: "string", required: true, value: "TITLE", help: "the name visitors see (in mails: resourceTitle)" },
    "file-url": { type: "string", required: true, value: "URL", help: "where the file is (https://…)" },
    delivery: {
      type: "string",
      value: "DELIVERY",
      help: "page (the file downloads at once; default) or mail (a signed link is mailed to the address typed)",
    },
    "link-days": {
      type: "string",
      value: "DAYS",
      help: `how long a mailed link works (${RESOURCE_LIMITS.linkDays.min}–${RESOURCE_LIMITS.linkDays.max}, default ${RESOURCE_LIMITS.linkDays.default})`,
    },
    "link-uses": {
      type: "string",
      value: "N",
      help: `how many times a mailed link may be opened (${RESOURCE_LIMITS.linkUses.min}–${RESOURCE_LIMITS.linkUses.max}, default ${RESOURCE_LIMITS.linkUses.default})`,
    },
  },
  examples: [
    `${INVOCATION} resources set --site site_0123… --id whitepaper-2026 --title "在庫最適化ガイド" --file-url https://files.example.jp/wp.pdf`,
    `${INVOCATION} resources set --site site_0123… --id whitepaper-2026 --title "在庫最適化ガイド" --file-url https://files.example.jp/wp.pdf --delivery mail --link-days 3`,
  ],
  notes: [
    "Delivery by mail needs the site's sender identity (autoreply set), and the worker's DOWNLOAD_LINK_SECRET, PUBLIC_URL and a mail provider (docs/downloads.md).",
    "A running collector picks a change up within a minute.",
  ],
  async run(values, ctx) {
    const resourceId = idArg(str(values, "id")!);
    const title = textArg("title", str(values, "title")!, RESOURCE_LIMITS.title);
    const fileUrl = textArg("file-url", str(values, "file-url")!, RESOURCE_LIMITS.fileUrl);
    const problem = fileUrlProblem(fileUrl);
    if (problem) throw new UsageError(`--file-url "${fileUrl}" ${problem}`);
    const settings = {
      title,
      fileUrl,
      delivery: deliveryArg(str(values, "delivery")),
      linkDays: wholeArg("link-days", str(values, "link-days"), RESOURCE_LIMITS.linkDays),
      linkUses: wholeArg("link-uses", str(values, "link-uses"), RESOURCE_LIMITS.linkUses),
    };
    const site = await requireSite(ctx, str(values, "site")!);
    if (settings.delivery === "mail") {
      const problem = senderProblemForMail(await readSender(await ctx.db(), site.id));
      if (problem) {
        throw new UsageError(
          `--delivery mail: ${problem} (see: ${INVOCATION} autoreply show --site ${site.siteKey}); or use page`,
        );
      }
    }
    const { resource, created } = await putResource(await ctx.db(), site.id, resourceId, settings);
    const how =
      resource.delivery === "mail"
        ? `by mail (a link that works ${resource.linkDays} days, ${resource.linkUses} times)`
        : "on the page";
    ctx.out(
      `${resourceId} ${created ? "registered" : "updated"} on ${site.siteKey}: "${resource.title}", delivered ${how}.`,
    );
  },
};

const remove: Command = {
  group: "resources",
  name: "remove",
  summary: "Remove a resource from the registry (its leads stay; its mailed links stop working)",
  options: { site: SITE_OPTION, id: ID_OPTION },
  examples: [`${INVOCATION} resources remove --site site_0123… --id whitepaper-2026`],
  async run(values, ctx) {
    const resourceId = idArg(str(values, "id")!);
    const site = await requireSite(ctx, str(values, "site")!);
    if (!(await removeResource(await ctx.db(), site.id, resourceId))) {
      throw new UsageError(
        `${site.siteKey} has no resource "${resourceId}" (see: ${INVOCATION} resources list --site ${site.siteKey})`,
      );
    }
    ctx.out(`${resourceId} removed from ${site.siteKey}.`);
  },
};

export const resourceCommands: Command[] = [list, set, remove];
