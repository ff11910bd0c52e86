// The resources registry in the team API (GET/PUT/DELETE /v1/resources): requests and answers,
// and the limits the CLI applies too.
import * as z from "zod/mini";
import { text } from "./form-schemas.ts";
import { LIMITS } from "./limits.ts";

/**
 * How a gated file reaches the visitor: `page` downloads it at once (the host page's link);
 * `mail` sends a signed link to the address typed, and opening it verifies the address.
 */
export const RESOURCE_DELIVERIES = ["page", "mail"] as const;
export type ResourceDelivery = (typeof RESOURCE_DELIVERIES)[number];

export const RESOURCE_LIMITS = {
  title: 200,
  fileUrl: 2048,
  linkDays: { min: 1, max: 90, default: 7 },
  linkUses: { min: 1, max: 100, default: 5 },
} as const;

/** Why a file URL cannot be used, or null: absolute http(s), no credentials in it. */
export function fileUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute URL (https://…)";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must start with https:// (or http://)";
  if (url.username || url.password) return "must not carry a user name or password";
  return null;
}

const whole = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));

/** PUT /v1/resources/:resourceId: creates or replaces the resource (absent optional fields: their defaults). */
export const ResourcePutSchema = z.strictObject({
  title: text(RESOURCE_LIMITS.title).check(z.minLength(1)),
  fileUrl: text(RESOURCE_LIMITS.fileUrl).check(
    z.refine((v) => fileUrlProblem(v) === null, { message: "must be an absolute http(s) URL without credentials" }),
  ),
  delivery: z.optional(z.enum(RESOURCE_DELIVERIES)),
  linkDays: z.optional(whole(RESOURCE_LIMITS.linkDays.min, RESOURCE_LIMITS.linkDays.max)),
  linkUses: z.optional(whole(RESOURCE_LIMITS.linkUses.min, RESOURCE_LIMITS.linkUses.max)),
});
export type ResourcePut = z.infer<typeof ResourcePutSchema>;

export const ResourceIdParamSchema = z.object({
  resourceId: text(LIMITS.resourceId).check(
    z.minLength(1),
    z.describe("The id the host page sends (data-hikiai-download / data-hikiai-lead)"),
  ),
});

export const ResourceSchema = z.object({
  resourceId: z.string(),
  title: z.string(),
  fileUrl: z.string(),
  delivery: z.enum(RESOURCE_DELIVERIES),
  /** Days a mailed link works. */
  linkDays: z.number(),
  /** Times a mailed link may be opened. */
  linkUses: z.number(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Resource = z.infer<typeof ResourceSchema>;

export const ResourceListSchema = z.object({ data: z.array(ResourceSchema) });
