// Rows at chosen instants for the stats tests: the collect path stamps Date.now(), and bucket
// edges need exact times. Columns as the collect path writes them.
import { env } from "cloudflare:workers";
import { call } from "./helpers.ts";

export const at = (iso: string) => Date.parse(iso);

/** A contact of `siteId` created at `createdAt`; its first lead time is set by `seedLead`. */
export async function seedContact(siteId: string, email: string, createdAt: number): Promise<string> {
  const id = crypto.randomUUID();
  await env.DB.prepare("INSERT INTO contacts (id, site_id, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
    .bind(id, siteId, email, createdAt, createdAt)
    .run();
  return id;
}

/** A lead (download) of `resourceId` at `time`, keeping the contact's first lead time. */
export async function seedLead(
  siteId: string,
  contactId: string,
  time: number,
  { resourceId = "whitepaper", campaign = null as string | null } = {},
) {
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO leads (id, site_id, contact_id, resource_id, window_open, page_url, utm_campaign, first_seen_at, last_seen_at)
       VALUES (?, ?, ?, ?, 0, 'https://shop.example.jp/', ?, ?, ?)`,
    ).bind(crypto.randomUUID(), siteId, contactId, resourceId, campaign, time, time),
    env.DB.prepare("UPDATE contacts SET first_lead_at = min(coalesce(first_lead_at, ?1), ?1) WHERE id = ?2").bind(
      time,
      contactId,
    ),
  ]);
}

/**
 * An inquiry at `time`; `respondedAt` sets its first-response time. Stamped with what led to it
 * as the collect batch does (the contact's leads up to `time`; see INSERT_INQUIRY in worker/db/collect-sql.ts).
 */
export async function seedInquiry(
  siteId: string,
  contactId: string,
  time: number,
  { kind = "demo", status = "new", respondedAt = null as number | null, campaign = null as string | null } = {},
) {
  const id = crypto.randomUUID();
  const before = "FROM leads l WHERE l.contact_id = ?1 AND l.first_seen_at <= ?2";
  await env.DB.prepare(
    `INSERT INTO inquiries (id, site_id, contact_id, kind, message, status, window_open, page_url, utm_campaign,
                            created_at, first_response_at, first_lead_at, lead_resources, lead_campaigns)
     SELECT ?3, ?4, ?1, ?5, ?6, ?7, 0, 'https://shop.example.jp/', ?8, ?2, ?9,
       (SELECT min(first_seen_at) ${before}),
       (SELECT json_group_array(DISTINCT resource_id) ${before}),
       (SELECT json_group_array(DISTINCT campaign) FROM (SELECT utm_campaign AS campaign ${before} UNION SELECT ?8)
        WHERE campaign IS NOT NULL)`,
  )
    .bind(contactId, time, id, siteId, kind, crypto.randomUUID(), status, campaign, respondedAt)
    .run();
}

export interface Stats {
  tz: string;
  interval: string;
  from: string;
  to: string;
  buckets: {
    date: string;
    start: string;
    end: string;
    leads: number;
    contacts: number;
    inquiries: { demo: number; quote: number; contact: number; total: number };
  }[];
  totals: { leads: number; contacts: number; inquiries: { total: number } };
  conversion: { contacts: number; converted: number; rate: number | null; medianDays: number | null };
  firstResponse: { responded: number; medianMinutes: number | null; p90Minutes: number | null };
  unansweredAfter24h: number;
  topResources: { resourceId: string; inquiries: number }[];
  topCampaigns: { campaign: string; inquiries: number }[];
}

/** GET /v1/stats with `query` as the key's site. */
export function getStats(apiKey: string, query: string) {
  return call(`/v1/stats?${query}`, { headers: { authorization: `Bearer ${apiKey}` } });
}

/** The stats body of a 200. */
export async function stats(apiKey: string, query: string): Promise<Stats> {
  const res = await getStats(apiKey, query);
  if (res.status !== 200) throw new Error(`stats ${res.status}: ${await res.text()}`);
  return (await res.json()) as Stats;
}
