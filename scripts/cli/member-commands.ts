// `members …` and `login`: who may sign in to the dashboard, with which role per site, and a
// one-time sign-in link for one of them.
import { emailSchema } from "../../shared/form-schemas.ts";
import { MEMBER_ROLES, MemberPatchSchema, type MemberRole } from "../../shared/members.ts";
import {
  addSiteMember,
  findSiteMember,
  listSiteMembers,
  removeSiteMember,
  setMemberContact,
  setSiteMemberRole,
} from "../../worker/db/members.ts";
import { createSignInLink, LINK_TTL_MS } from "../../worker/db/sessions.ts";
import type { SiteRecord } from "../../worker/db/sites.ts";
import { parsed } from "./api-input.ts";
import { type Command, type Context, formatTime, INVOCATION, JSON_OPTION, str, table, UsageError } from "./command.ts";
import { requireSite, SITE_OPTION } from "./site-options.ts";

const EMAIL_OPTION = { type: "string", required: true, value: "EMAIL", help: "the person's e-mail address" } as const;
const ROLE_HELP = "viewer (reads), member (also follows inquiries up) or admin (also webhooks, settings, members)";

function emailArg(value: string): string {
  const parsed = emailSchema().safeParse(value);
  if (!parsed.success) throw new UsageError(`--email "${value}" is not an e-mail address`);
  return parsed.data;
}

function roleArg(value: string): MemberRole {
  if (!(MEMBER_ROLES as readonly string[]).includes(value)) {
    throw new UsageError(`--role "${value}" is not a role: use viewer, member or admin`);
  }
  return value as MemberRole;
}

/** The member of `site` with `email`, or a usage error that says how to add them. */
async function requireMember(ctx: Context, site: SiteRecord, email: string) {
  const member = await findSiteMember(await ctx.db(), site.id, { email });
  if (!member) {
    throw new UsageError(
      `${email} is not a member of ${site.siteKey} (add them: ${INVOCATION} members add --site ${site.siteKey} --email ${email} --role viewer)`,
    );
  }
  return member;
}

const lastAdmin = (email: string, siteKey: string) =>
  `${email} is the last admin of ${siteKey}; make someone else admin first (${INVOCATION} members set-role --site ${siteKey} --email OTHER --role admin)`;

const add: Command = {
  group: "members",
  name: "add",
  summary: "Add a person to a site's dashboard with a role; one person may be a member of several sites",
  options: {
    site: SITE_OPTION,
    email: EMAIL_OPTION,
    role: { type: "string", required: true, value: "ROLE", help: ROLE_HELP },
    name: { type: "string", value: "NAME", help: "their name on this site (default: the e-mail is shown)" },
  },
  examples: [
    `${INVOCATION} members add --site site_0123… --email hanako@example.jp --role member --name "山田 花子"`,
    `${INVOCATION} members add --site site_0123… --email boss@example.jp --role admin`,
  ],
  notes: [`Then send them a sign-in link: ${INVOCATION} login --site SITE_KEY --email EMAIL`],
  async run(values, ctx) {
    const email = emailArg(str(values, "email")!);
    const role = roleArg(str(values, "role")!);
    const site = await requireSite(ctx, str(values, "site")!);
    const { member, added } = await addSiteMember(await ctx.db(), site.id, { email, role, name: str(values, "name") });
    if (!added) {
      throw new UsageError(
        `${email} is already a member of ${site.siteKey} as ${member.role} (change it: ${INVOCATION} members set-role --site ${site.siteKey} --email ${email} --role ROLE)`,
      );
    }
    ctx.out(`${email} added to ${site.siteKey} as ${role}.`);
    ctx.out(`  Sign-in link: ${INVOCATION} login --site ${site.siteKey} --email ${email}`);
  },
};

const list: Command = {
  group: "members",
  name: "list",
  summary: "List a site's members with their roles",
  options: { site: SITE_OPTION, json: JSON_OPTION },
  examples: [`${INVOCATION} members list --site site_0123…`, `${INVOCATION} members list --site site_0123… --json`],
  async run(values, ctx) {
    const site = await requireSite(ctx, str(values, "site")!);
    const members = await listSiteMembers(await ctx.db(), site.id);
    if (values.json) {
      const json = members.map((m) => ({ ...m, createdAt: new Date(m.createdAt).toISOString() }));
      ctx.out(JSON.stringify(json, null, 2));
      return;
    }
    if (members.length === 0) {
      ctx.out(
        `Site ${site.siteKey} has no members. Add one: ${INVOCATION} members add --site ${site.siteKey} --email EMAIL --role admin`,
      );
      return;
    }
    const rows = members.map((m) => [m.email, m.name ?? "", m.role, formatTime(m.createdAt)]);
    for (const line of table([["EMAIL", "NAME", "ROLE", "ADDED"], ...rows])) ctx.out(line);
  },
};

const setRole: Command = {
  group: "members",
  name: "set-role",
  summary: "Change a member's role on a site (takes effect on their next request)",
  options: {
    site: SITE_OPTION,
    email: EMAIL_OPTION,
    role: { type: "string", required: true, value: "ROLE", help: ROLE_HELP },
  },
  examples: [`${INVOCATION} members set-role --site site_0123… --email hanako@example.jp --role admin`],
  async run(values, ctx) {
    const email = emailArg(str(values, "email")!);
    const role = roleArg(str(values, "role")!);
    const site = await requireSite(ctx, str(values, "site")!);
    const member = await requireMember(ctx, site, email);
    if ((await setSiteMemberRole(await ctx.db(), site.id, member.id, role)) === "last_admin") {
      throw new UsageError(lastAdmin(email, site.siteKey));
    }
    ctx.out(
      member.role === role
        ? `${email} already is ${role} on ${site.siteKey}.`
        : `${email} is now ${role} on ${site.siteKey}.`,
    );
  },
};

const MEMBER_OPTIONS: Record<string, string> = { slackUserId: "--slack-user-id", language: "--language" };

const setContact: Command = {
  group: "members",
  name: "set",
  summary: "Set a member's Slack user id (mentioned on inquiries assigned to them) and mail language",
  options: {
    site: SITE_OPTION,
    email: EMAIL_OPTION,
    "slack-user-id": {
      type: "string",
      value: "ID",
      help: 'their Slack member id, e.g. U012AB3CD (Slack: profile → ⋮ → Copy member ID); "" clears it',
    },
    language: {
      type: "string",
      value: "LANG",
      help: 'ja or en: the language of the mail they get (new inquiries, the digest); "" means the site\'s',
    },
  },
  examples: [
    `${INVOCATION} members set --site site_0123… --email hanako@example.jp --slack-user-id U012AB3CD --language ja`,
  ],
  notes: ["Per site: their other sites keep their own Slack id and language (as PATCH /v1/members/:id)."],
  async run(values, ctx) {
    const email = emailArg(str(values, "email")!);
    const given = (name: string) => {
      const value = str(values, name);
      return value === undefined ? undefined : value.trim() === "" ? null : value.trim();
    };
    const input = { slackUserId: given("slack-user-id"), language: given("language") };
    if (input.slackUserId === undefined && input.language === undefined) {
      throw new UsageError("nothing to change: give --slack-user-id or --language");
    }
    const changes = parsed(MemberPatchSchema, input, (field) => MEMBER_OPTIONS[field] ?? `--${field}`);
    const site = await requireSite(ctx, str(values, "site")!);
    const member = await requireMember(ctx, site, email);
    await setMemberContact(await ctx.db(), site.id, member.id, changes);
    const [updated] = (await listSiteMembers(await ctx.db(), site.id)).filter((m) => m.id === member.id);
    ctx.out(
      `${email} on ${site.siteKey}: Slack ${updated?.slackUserId ?? "(none)"}, mail in ${updated?.language ?? "the site's language"}.`,
    );
  },
};

const remove: Command = {
  group: "members",
  name: "remove",
  summary: "Remove a member from a site; every session of theirs is revoked at once",
  options: { site: SITE_OPTION, email: EMAIL_OPTION },
  examples: [`${INVOCATION} members remove --site site_0123… --email hanako@example.jp`],
  notes: ["Their follow-up history stays, under their e-mail. On other sites they sign in again."],
  async run(values, ctx) {
    const email = emailArg(str(values, "email")!);
    const site = await requireSite(ctx, str(values, "site")!);
    const member = await requireMember(ctx, site, email);
    if ((await removeSiteMember(await ctx.db(), site.id, member.id)) === "last_admin") {
      throw new UsageError(lastAdmin(email, site.siteKey));
    }
    ctx.out(`${email} removed from ${site.siteKey}; their sessions are signed out.`);
  },
};

const DEFAULT_BASE_URL = "http://localhost:8787";

function baseUrlArg(value: string | undefined): string {
  if (value === undefined) return DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url "${value}" is not a URL (e.g. https://hikiai.example.workers.dev)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`--url "${value}" must start with https:// (or http:// for localhost)`);
  }
  return url.origin;
}

const login: Command = {
  group: "login",
  name: "",
  summary: "Print a one-time sign-in link to the dashboard for a member of a site (15 minutes, single use)",
  options: {
    site: SITE_OPTION,
    email: EMAIL_OPTION,
    url: { type: "string", value: "URL", help: `the collector's address (default ${DEFAULT_BASE_URL}, npm start's)` },
  },
  examples: [
    `${INVOCATION} login --site site_demo --email demo@hikiai.example`,
    `${INVOCATION} login --remote --site site_0123… --email hanako@example.jp --url https://hikiai.example.workers.dev`,
  ],
  notes: [
    "Opening the link shows a button that signs the browser in (a session cookie, 14 days while used) and goes to /app.",
    "Send it to the person over a channel you trust: whoever uses it first is signed in as them.",
  ],
  async run(values, ctx) {
    const email = emailArg(str(values, "email")!);
    const base = baseUrlArg(str(values, "url"));
    const site = await requireSite(ctx, str(values, "site")!);
    const member = await requireMember(ctx, site, email);
    const { token, expiresAt } = await createSignInLink(await ctx.db(), { memberId: member.id, siteId: site.id });
    ctx.out(`Sign-in link for ${email} (${member.role} on ${site.siteKey}):`);
    ctx.out(`  ${base}/auth/link?token=${token}`);
    ctx.out(`Valid ${LINK_TTL_MS / 60_000} minutes (until ${formatTime(expiresAt)}), single use.`);
  },
};

export const memberCommands: Command[] = [add, list, setRole, setContact, remove];
export const loginCommands: Command[] = [login];
