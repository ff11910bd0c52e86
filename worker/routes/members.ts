import type * as z from "zod/mini";
import { MemberCreateSchema, MemberListSchema, MemberPatchSchema, MemberSchema } from "../../shared/members.ts";
import { directoryDatabase } from "../db/handle.ts";
import {
  addSiteMember,
  findSiteMember,
  listSiteMembers,
  type MembershipChange,
  removeSiteMember,
  type SiteMember,
  setMemberContact,
  setSiteMemberRole,
} from "../db/members.ts";
import { ApiError, notFound } from "../lib/api-error.ts";
import { describeRoute, jsonBody, requireRole, teamRoutes, validate } from "./team-api.ts";

/** Team API: the site's members (the assignee picker for everyone; changes for admins). */
export const members = teamRoutes();

const present = (m: SiteMember): z.infer<typeof MemberSchema> => ({
  id: m.id,
  email: m.email,
  name: m.name,
  role: m.role,
  slackUserId: m.slackUserId,
  language: m.language,
});

/** 404 for someone who is not a member of the site, 409 naming `field` for its last admin. */
function refuseUnless(outcome: MembershipChange, id: string, field: "role" | "id") {
  if (outcome === "not_found") throw notFound("member", id);
  if (outcome === "last_admin") {
    throw new ApiError(409, "last_admin", "A site keeps at least one admin.", {
      [field]: "would leave the site without an admin; make someone else admin first",
    });
  }
}

members.get(
  "/",
  describeRoute({
    summary: "The site's members with their roles (e.g. for picking an inquiry's assignee)",
    tags: ["members"],
    responses: { 200: { description: "Every member of the site, by e-mail.", schema: MemberListSchema } },
  }),
  async (c) => c.json({ data: (await listSiteMembers(directoryDatabase(c.env), c.var.site.id)).map(present) }),
);

members.post(
  "/",
  describeRoute({
    summary: "Add a person to the site with a role (someone already on another site keeps one sign-in)",
    description: "They sign in with a link from `npm run hikiai -- login` (or Cloudflare Access, when set up).",
    tags: ["members"],
    responses: { 201: { description: "The new member.", schema: MemberSchema } },
    errors: [409],
  }),
  requireRole("admin"),
  jsonBody,
  validate("json", MemberCreateSchema),
  async (c) => {
    const { member, added } = await addSiteMember(directoryDatabase(c.env), c.var.site.id, c.req.valid("json"));
    if (!added) {
      throw new ApiError(409, "already_member", `${member.email} is already a member of this site (${member.role}).`, {
        email: `is already a member of this site, as ${member.role}; change the role with PATCH /v1/members/${member.id}`,
      });
    }
    return c.json(present(member), 201);
  },
);

members.patch(
  "/:id",
  describeRoute({
    summary:
      "Change a member's role on the site, their Slack user id (mentioned on inquiries assigned to them) or mail language",
    tags: ["members"],
    responses: { 200: { description: "The member with the new role.", schema: MemberSchema } },
    errors: [404, 409],
  }),
  requireRole("admin"),
  jsonBody,
  validate("json", MemberPatchSchema),
  async (c) => {
    const id = c.req.param("id");
    const { role, ...contact } = c.req.valid("json");
    if (role !== undefined)
      refuseUnless(await setSiteMemberRole(directoryDatabase(c.env), c.var.site.id, id, role), id, "role");
    if (!(await setMemberContact(directoryDatabase(c.env), c.var.site.id, id, contact))) throw notFound("member", id);
    return c.json(present((await findSiteMember(directoryDatabase(c.env), c.var.site.id, { id }))!));
  },
);

members.delete(
  "/:id",
  describeRoute({
    summary: "Remove a member from the site; every session of theirs is revoked at once",
    tags: ["members"],
    responses: { 204: { description: "Removed." } },
    errors: [404, 409],
  }),
  requireRole("admin"),
  async (c) => {
    const id = c.req.param("id");
    refuseUnless(await removeSiteMember(directoryDatabase(c.env), c.var.site.id, id), id, "id");
    return c.body(null, 204);
  },
);
