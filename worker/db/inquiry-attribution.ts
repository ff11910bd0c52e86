import { contactId } from "./contacts.ts";

// What led to an inquiry, stamped on it when it is stored: the contact's first lead and the
// resources and campaigns of the leads before it. Those leads are in the past and do not change,
// so the stats read them from an index of inquiries instead of joining a million leads per
// request (see README, "Benchmarks": the join cost ~0.5 s at 1M leads; the stamp is three index look-ups).

/** Columns of `inquiries` set by ATTRIBUTION_VALUES. */
export const ATTRIBUTION_COLUMNS = "first_lead_at, lead_resources, lead_campaigns";

/** SQL values for ATTRIBUTION_COLUMNS, read from attributionSource(). */
export const ATTRIBUTION_VALUES = "attribution.first_lead_at, attribution.resources, attribution.campaigns";

/**
 * A one-row FROM source for ATTRIBUTION_VALUES (one pass over the contact's leads, plus the
 * inquiry's own campaign), reading the numbered parameters of the site, the normalised e-mail
 * and the inquiry's campaign.
 */
export const attributionSource = (site: number, email: number, campaign: number) => `(
  SELECT (SELECT first_lead_at FROM contacts WHERE site_id = ?${site} AND email = ?${email}) AS first_lead_at,
         json_group_array(DISTINCT resource_id) FILTER (WHERE resource_id IS NOT NULL) AS resources,
         json_group_array(DISTINCT campaign) FILTER (WHERE campaign IS NOT NULL) AS campaigns
  FROM (SELECT resource_id, utm_campaign AS campaign FROM leads WHERE contact_id = ${contactId(site, email)}
        UNION ALL SELECT NULL, ?${campaign})
) AS attribution`;
