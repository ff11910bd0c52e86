import { CONTACT_ID } from "./contacts.ts";

// What led to an inquiry, stamped on it when it is stored: the contact's first lead and the
// resources and campaigns of the leads before it. Those leads are in the past and do not change,
// so the stats read them from an index of inquiries instead of joining a million leads per
// request (see README, "Benchmarks": the join cost ~0.5 s at 1M leads; the stamp is three index look-ups).

/** Columns of `inquiries` set by ATTRIBUTION_VALUES. */
export const ATTRIBUTION_COLUMNS = "first_lead_at, lead_resources, lead_campaigns";

/** SQL values for ATTRIBUTION_COLUMNS; binds attributionValues(...). */
export const ATTRIBUTION_VALUES = `
  (SELECT first_lead_at FROM contacts WHERE site_id = ? AND email = ?),
  (SELECT json_group_array(DISTINCT resource_id) FROM leads WHERE contact_id = ${CONTACT_ID}),
  (SELECT json_group_array(DISTINCT campaign) FROM (
     SELECT utm_campaign AS campaign FROM leads WHERE contact_id = ${CONTACT_ID} UNION SELECT ?
   ) WHERE campaign IS NOT NULL)`;

/** Values for ATTRIBUTION_VALUES: the contact (site, normalised e-mail) and the inquiry's own campaign. */
export function attributionValues(siteId: string, email: string, campaign: string | null): unknown[] {
  return [siteId, email, siteId, email, siteId, email, campaign];
}
