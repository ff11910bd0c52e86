// GET /v1/site: what the dashboard's install view shows about the signed-in site.
import * as z from "zod/mini";

export const SiteInfoSchema = z.object({
  /** The public key that goes in the script tag. */
  siteKey: z.string(),
  name: z.string(),
  timeZone: z.string(),
  /** Origins whose pages may submit ("*" allows any); empty: none yet, every submission is refused. */
  allowedOrigins: z.array(z.string()),
  disabled: z.boolean(),
  /** When the newest lead (first download) and the newest inquiry arrived; null before the first. */
  lastLeadAt: z.nullable(z.iso.datetime()),
  lastInquiryAt: z.nullable(z.iso.datetime()),
});
export type SiteInfo = z.infer<typeof SiteInfoSchema>;
