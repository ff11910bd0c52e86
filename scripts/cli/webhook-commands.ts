// `webhooks …`: a site's notification targets (signed generic webhooks, Slack incoming webhooks),
// through the same db module as the team API (worker/db/webhooks.ts) and the same URL rule.
import { newWebhookSecret } from "../../shared/webhook-signature.ts";
import { MAX_WEBHOOKS_PER_SITE, parseLocalTargets, WEBHOOK_TYPES, webhookUrlProblem } from "../../shared/webhooks.ts";
import {
  createWebhook,
  DEFAULT_ROTATION_OVERLAP_HOURS,
  deleteWebhook,
  findWebhook,
  listWebhooks,
  MAX_ROTATION_OVERLAP_HOURS,
  previousSecretValidUntil,
  rotateWebhookSecret,
  updateWebhook,
  type WebhookRecord,
  type WebhookType,
} from "../../worker/db/webhooks.ts";
import { LOCAL_WEBHOOK_TARGETS } from "../webhook-receiver.ts";
import { type Command, type Context, formatTime, INVOCATION, JSON_OPTION, str, table, UsageError } from "./command.ts";
import { requireSite, SITE_OPTION } from "./site-options.ts";

// The API's limits (shared/webhooks.ts), so the CLI stores nothing the API would refuse.
const MAX_URL = 2000;
const MAX_DESCRIPTION = 200;

const WEBHOOK_OPTION = {
  type: "string",
  required: true,
  value: "WEBHOOK_ID",
  help: "the webhook's id (wh_…), from `webhooks list`",
} as const;

function typeArg(value: string | undefined): WebhookType {
  if (value === undefined) return "webhook";
  if (!(WEBHOOK_TYPES as readonly string[]).includes(value)) {
    throw new UsageError(`--type "${value}" is not a webhook type: use webhook (signed) or slack`);
  }
  return value as WebhookType;
}

// A local database is served by `npm start`'s worker, which lets webhooks reach this machine
// (scripts/local-stack.ts); the deployed one is not.
function urlArg(value: string, type: WebhookType, remote: boolean): string {
  const url = value.trim();
  if (url.length > MAX_URL) throw new UsageError(`--url is longer than ${MAX_URL} characters`);
  const problem = webhookUrlProblem(url, type, remote ? [] : parseLocalTargets(LOCAL_WEBHOOK_TARGETS));
  if (problem) throw new UsageError(`--url "${url}" ${problem}`);
  return url;
}

function descriptionArg(value: string | undefined): string | undefined {
  const description = value?.trim();
  if (description !== undefined && description.length > MAX_DESCRIPTION) {
    throw new UsageError(`--description is longer than ${MAX_DESCRIPTION} characters`);
  }
  return description;
}

function overlapArg(value: string | undefined): number {
  if (value === undefined) return DEFAULT_ROTATION_OVERLAP_HOURS;
  const hours = Number(value);
  if (!/^\d+$/.test(value) || hours > MAX_ROTATION_OVERLAP_HOURS) {
    throw new UsageError(
      `--overlap-hours "${value}" must be a whole number of hours between 0 and ${MAX_ROTATION_OVERLAP_HOURS}`,
    );
  }
  return hours;
}

/** A Slack URL is its own secret: lists show its start only. */
const shownUrl = (w: WebhookRecord) =>
  w.type === "slack" ? w.url.replace(/^(https:\/\/[^/]+\/(?:[^/]+\/){2}).+$/, "$1…") : w.url;

/** The webhook named by `--webhook` on the site; an unknown id is a usage error with the fix. */
async function requireWebhook(ctx: Context, siteId: string, siteKey: string, id: string): Promise<WebhookRecord> {
  const hook = await findWebhook(await ctx.db(), siteId, id.trim());
  if (!hook) {
    throw new UsageError(`${siteKey} has no webhook "${id}" (see: ${INVOCATION} webhooks list --site ${siteKey})`);
  }
  return hook;
}

const add: Command = {
  group: "webhooks",
  name: "add",
  summary: "Add a webhook to a site: a signed generic webhook (its secret is printed once) or a Slack incoming webhook",
  options: {
    site: SITE_OPTION,
    url: {
      type: "string",
      required: true,
      value: "URL",
      help: "where to POST (https on a public host; Slack: https://hooks.slack.com/services/…; this machine only with a local database)",
    },
    type: { type: "string", value: "TYPE", help: "webhook (default: Standard Webhooks signed JSON) or slack" },
    description: {
      type: "string",
      value: "TEXT",
      help: `what it is for, e.g. "CRM" or "#sales" (≤ ${MAX_DESCRIPTION})`,
    },
  },
  examples: [
    `${INVOCATION} webhooks add --site site_0123… --url https://crm.example.com/hooks/hikiai --description CRM`,
    `${INVOCATION} webhooks add --site site_0123… --type slack --url https://hooks.slack.com/services/T000/B000/XXXX --description "#sales"`,
  ],
  notes: [
    "New inquiries (and leads, where the site turned that on), stall reminders and the daily digest go to every",
    "enabled webhook of the site. Verify signatures with the secret (docs/notifications.md: Verify a signature).",
  ],
  async run(values, ctx) {
    const type = typeArg(str(values, "type"));
    const url = urlArg(str(values, "url")!, type, ctx.remote);
    const description = descriptionArg(str(values, "description"));
    const site = await requireSite(ctx, str(values, "site")!);
    const secret = type === "webhook" ? newWebhookSecret() : null;
    const hook = await createWebhook(await ctx.db(), { siteId: site.id, type, url, secret, description });
    if (!hook) {
      throw new UsageError(
        `${site.siteKey} has ${MAX_WEBHOOKS_PER_SITE} webhooks already: remove one first (webhooks remove)`,
      );
    }
    ctx.out(`${type === "slack" ? "Slack webhook" : "Webhook"} added to ${site.siteKey}: ${shownUrl(hook)}`);
    ctx.out(`  webhook id: ${hook.id}   (to disable, rotate or remove it)`);
    if (secret) ctx.out(`  secret:     ${secret}   (signs every delivery: shown only now)`);
    else ctx.out("  (Slack messages are not signed: the URL itself is the secret, keep it private)");
  },
};

const list: Command = {
  group: "webhooks",
  name: "list",
  summary: "List a site's webhooks (never their secrets)",
  options: { site: SITE_OPTION, json: JSON_OPTION },
  examples: [`${INVOCATION} webhooks list --site site_0123…`, `${INVOCATION} webhooks list --site site_0123… --json`],
  notes: ["Slack URLs are their own secret: the table shows their start only (--json shows them whole, as the API)."],
  async run(values, ctx) {
    const site = await requireSite(ctx, str(values, "site")!);
    const hooks = await listWebhooks(await ctx.db(), site.id);
    const now = Date.now();
    if (values.json) {
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      const json = hooks.map((w) => ({
        id: w.id,
        type: w.type,
        url: w.url,
        description: w.description,
        enabled: w.disabledAt === null,
        previousSecretValidUntil: iso(previousSecretValidUntil(w, now)),
        createdAt: iso(w.createdAt),
        updatedAt: iso(w.updatedAt),
      }));
      ctx.out(JSON.stringify(json, null, 2));
      return;
    }
    if (hooks.length === 0) {
      ctx.out(
        `Site ${site.siteKey} has no webhooks. Add one: ${INVOCATION} webhooks add --site ${site.siteKey} --url URL`,
      );
      return;
    }
    const rows = hooks.map((w) => {
      const until = previousSecretValidUntil(w, now);
      return [
        w.id,
        w.type,
        w.disabledAt === null ? "enabled" : "disabled",
        until === null ? "" : `old secret until ${formatTime(until)}`,
        w.description,
        shownUrl(w),
      ];
    });
    for (const line of table([["WEBHOOK ID", "TYPE", "STATE", "ROTATION", "DESCRIPTION", "URL"], ...rows])) {
      ctx.out(line);
    }
  },
};

function switchCommand(disable: boolean): Command {
  const verb = disable ? "disable" : "enable";
  return {
    group: "webhooks",
    name: verb,
    summary: disable
      ? "Stop sending to a webhook (events while it is disabled are not sent later); tests and redeliveries still work"
      : "Send to a disabled webhook again",
    options: { site: SITE_OPTION, webhook: WEBHOOK_OPTION },
    examples: [`${INVOCATION} webhooks ${verb} --site site_0123… --webhook wh_…`],
    async run(values, ctx) {
      const site = await requireSite(ctx, str(values, "site")!);
      const hook = await requireWebhook(ctx, site.id, site.siteKey, str(values, "webhook")!);
      if ((hook.disabledAt !== null) === disable) {
        ctx.out(`Webhook ${hook.id} is already ${verb}d.`);
        return;
      }
      await updateWebhook(await ctx.db(), site.id, hook.id, { disabled: disable });
      ctx.out(`Webhook ${hook.id} ${verb}d.`);
    },
  };
}

const remove: Command = {
  group: "webhooks",
  name: "remove",
  summary: "Remove a webhook, with its delivery log",
  options: { site: SITE_OPTION, webhook: WEBHOOK_OPTION },
  examples: [`${INVOCATION} webhooks remove --site site_0123… --webhook wh_…`],
  notes: ["To pause deliveries but keep the webhook and its log, use `webhooks disable`."],
  async run(values, ctx) {
    const site = await requireSite(ctx, str(values, "site")!);
    const hook = await requireWebhook(ctx, site.id, site.siteKey, str(values, "webhook")!);
    await deleteWebhook(await ctx.db(), site.id, hook.id);
    ctx.out(`Webhook ${hook.id} removed (${shownUrl(hook)}).`);
  },
};

const rotate: Command = {
  group: "webhooks",
  name: "rotate",
  summary: "Give a signed webhook a new secret; the old one keeps signing too for an overlap window",
  options: {
    site: SITE_OPTION,
    webhook: WEBHOOK_OPTION,
    "overlap-hours": {
      type: "string",
      value: "N",
      help: `hours the old secret also signs (0–${MAX_ROTATION_OVERLAP_HOURS}, default ${DEFAULT_ROTATION_OVERLAP_HOURS}; 0 after a leak)`,
    },
  },
  examples: [
    `${INVOCATION} webhooks rotate --site site_0123… --webhook wh_…`,
    `${INVOCATION} webhooks rotate --site site_0123… --webhook wh_… --overlap-hours 0   (the secret leaked)`,
  ],
  notes: [
    "During the window every delivery carries two signatures (webhook-signature: v1,<new> v1,<old>), so the",
    "receiver accepts with either secret: deploy the new secret there within the window. Only the last two",
    "secrets ever sign: a second rotation drops the oldest.",
  ],
  async run(values, ctx) {
    const overlapHours = overlapArg(str(values, "overlap-hours"));
    const site = await requireSite(ctx, str(values, "site")!);
    const hook = await requireWebhook(ctx, site.id, site.siteKey, str(values, "webhook")!);
    if (hook.type !== "webhook") {
      throw new UsageError(
        `${hook.id} is a Slack webhook: it has no secret (its URL is the secret; add a new one and remove this one)`,
      );
    }
    const secret = newWebhookSecret();
    const rotated = await rotateWebhookSecret(await ctx.db(), site.id, hook.id, secret, overlapHours);
    if (!rotated) throw new Error(`webhook ${hook.id} vanished during the rotation`);
    const until = previousSecretValidUntil(rotated);
    ctx.out(`New secret for webhook ${hook.id}:`);
    ctx.out(`  secret: ${secret}   (shown only now)`);
    ctx.out(
      until === null
        ? "  The old secret stopped signing now."
        : `  The old secret also signs until ${formatTime(until)}: switch the receiver to the new one before then.`,
    );
  },
};

export const webhookCommands: Command[] = [add, list, switchCommand(true), switchCommand(false), remove, rotate];
