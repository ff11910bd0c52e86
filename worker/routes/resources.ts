import {
  type Resource,
  ResourceIdParamSchema,
  ResourceListSchema,
  ResourcePutSchema,
  ResourceSchema,
} from "../../shared/resources.ts";
import { readSender } from "../db/autoreplies.ts";
import { directoryDatabase } from "../db/handle.ts";
import { listResources, putResource, type ResourceRecord, removeResource } from "../db/resources.ts";
import { ApiError } from "../lib/api-error.ts";
import { senderProblemForMail } from "../mail/by-mail.ts";
import { mailLinkProblem } from "../mail/download-link-mail.ts";
import { forgetSiteAfterWrite } from "../middleware/forget-site.ts";
import { isoTime } from "../present/records.ts";
import { describeRoute, jsonBody, requireRole, teamRoutes, validate } from "./team-api.ts";

/** Team API: the site's resources registry (title, file, delivery on the page or by mail). */
export const resources = teamRoutes();
// The collector caches the ids delivered by mail with the site: a change applies to this isolate's next lead at once.
resources.use("*", forgetSiteAfterWrite);

const tags = ["resources"];

const present = (r: ResourceRecord): Resource => ({
  resourceId: r.resourceId,
  title: r.title,
  fileUrl: r.fileUrl,
  delivery: r.delivery,
  linkDays: r.linkDays,
  linkUses: r.linkUses,
  createdAt: isoTime(r.createdAt)!,
  updatedAt: isoTime(r.updatedAt)!,
});

resources.get(
  "/",
  describeRoute({
    summary: "The site's resources: title, file and how the file reaches the visitor",
    tags,
    responses: { 200: { description: "Every registered resource, by id.", schema: ResourceListSchema } },
  }),
  async (c) => c.json({ data: (await listResources(directoryDatabase(c.env), c.var.site.id)).map(present) }),
);

resources.put(
  "/:resourceId",
  describeRoute({
    summary: "Register a resource or replace its settings (delivery `mail`: the form mails a signed link)",
    description:
      "`resourceId` is the id the host page sends (data-hikiai-download / data-hikiai-lead). Fields left out take their defaults: delivery `page`, a link that works 7 days and 5 times. Delivery `mail` needs the site's whole sender identity (PATCH /v1/autoreply/sender) and a worker that can sign and mail links; otherwise 422 naming `delivery`. Other isolates of the collector pick a change up within a minute (their site cache).",
    tags,
    responses: {
      200: { description: "The resource's new settings.", schema: ResourceSchema },
      201: { description: "The resource, registered.", schema: ResourceSchema },
    },
    errors: [422],
  }),
  requireRole("admin"),
  validate("param", ResourceIdParamSchema),
  jsonBody,
  validate("json", ResourcePutSchema),
  async (c) => {
    const body = c.req.valid("json");
    // The form would tell the visitor a link was mailed: refused unless the link can really go out.
    if (body.delivery === "mail") {
      const workerProblem = mailLinkProblem(c.env);
      if (workerProblem) {
        throw new ApiError(422, "mail_unavailable", "Delivery by mail is not set up on this collector.", {
          delivery: workerProblem,
        });
      }
      const senderProblem = senderProblemForMail(await readSender(c.var.db, c.var.site.id));
      if (senderProblem) {
        throw new ApiError(422, "sender_incomplete", "Delivery by mail needs the site's sender identity first.", {
          delivery: `${senderProblem}; set it with PATCH /v1/autoreply/sender, or use page`,
        });
      }
    }
    const { resource, created } = await putResource(
      directoryDatabase(c.env),
      c.var.site.id,
      c.req.valid("param").resourceId,
      body,
    );
    return c.json(present(resource), created ? 201 : 200);
  },
);

resources.delete(
  "/:resourceId",
  describeRoute({
    summary: "Remove a resource from the registry (its leads stay; its links already mailed stop working)",
    tags,
    responses: { 204: { description: "Removed." } },
    errors: [404],
  }),
  requireRole("admin"),
  validate("param", ResourceIdParamSchema),
  async (c) => {
    const { resourceId } = c.req.valid("param");
    if (!(await removeResource(directoryDatabase(c.env), c.var.site.id, resourceId))) {
      throw new ApiError(404, "not_found", `No resource ${resourceId} on this site.`, {
        resourceId: "no resource with this id on this site",
      });
    }
    return c.body(null, 204);
  },
);
