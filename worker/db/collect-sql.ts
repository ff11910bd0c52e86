// Every statement of the collect batch, each written whole but for (1)'s shared guard. A submission is one batch() (one D1
// transaction, serialised with every other write): (1) upsert the contact, (2) write the lead or
// inquiry, (3) claim the submission id, (4) the notification outbox row. Each statement is bound
// from one object of the submission's values (CollectParams): leads.ts and inquiries.ts build it,
// submissions.ts runs the batch.
//
// The statements are few and each binds a value once (a statement costs a round of
// (de)serialisation besides its SQL). "Not a replay" (the submission id is not stored yet) guards
// (1) and (2), so a retry writes nothing and (3) answers the stored claim.
import { namedSql } from "./named-sql.ts";

/**
 * A repeat within this span of the first is the same record: a lead's download of the same
 * resource counts on that lead, an inquiry with everything typed alike is that inquiry. The
 * BEFORE INSERT triggers of migrations/0010 (which close an older window so that the partial
 * unique indexes let a new record in) apply the same span.
 */
export const REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The values every collect statement is bound from (the statements each read some of them). */
export interface CollectParams {
  site: string;
  /** Normalised e-mail: with `site`, finds the contact. */
  email: string;
  now: number;
  /** now − REPEAT_WINDOW_MS: a record first stored after this is still in its window. */
  windowStart: number;
  submissionKind: "lead" | "inquiry";
  submissionId: string;
  bodyHash: string;
  name: string | null;
  company: string | null;
  consentVersion: string | null;
  consentPrivacyUrl: string | null;
  /** Ids for rows this batch may create. */
  contactId: string;
  recordId: string;
  notificationId: string;
  /**
   * 1: the queue consumer has work for the record (routing rules, the auto-reply, a resource sent
   * by mail), so its outbox row is written even without a webhook; `hasWebhook` 1: the site has
   * an enabled webhook. Both from the site cache (lib/outbox-need.ts).
   */
  outboxNeeded: 0 | 1;
  hasWebhook: 0 | 1;
  /** A lead's resource (null for an inquiry). */
  resourceId: string | null;
  /** An inquiry's hash of what was typed (null for a lead, lib/body-hash.ts). */
  dedupeKey: string | null;
  /** The event context (event-context.ts). */
  pageUrl: string;
  referrer: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  locale: string | null;
  firstTouch: string | null;
  lastTouch: string | null;
  hidden: string | null;
}

/** What an inquiry adds to CollectParams. */
export interface InquiryParams extends CollectParams {
  inquiryKind: string;
  message: string;
  preferredTime: string | null;
}

// (1) The contact, one per site and normalised e-mail; skipped for a retry. One text per kind:
// SQLite compiles a statement (its subqueries and the triggers its UPDATE may fire) on every call
// here (docs: bench/README.md), so neither kind carries the other's clauses.
// The grade's rollup (migration 0014) is kept here, in the statement the batch already has: a
// download sets `last_download_at` and counts one more lead unless it lands on the lead whose
// window is still open (the same test as the trigger that closes an older one); an inquiry sets
// `has_inquiry` unless it lands on the same inquiry of the window (that one may be spam; if it is
// not, `has_inquiry` is set already).
// The name and company (what lists of contacts show; each lead and inquiry shows its own,
// db/typed-contact.ts) are the pair typed with the latest inquiry not marked spam (even an empty
// one), else with the latest download that gave either: `contacts.has_inquiry` says whether an
// inquiry that is not spam exists. A status change to or from spam recomputes it (migration
// 0016's trigger), so an address pre-registered or renamed by someone else shows the real
// person's words once they write, and again once the team marks the impostor's as spam.
// `first_lead_at` keeps the first lead's time, for the stats' conversion.
const CONTACT_IF_NEW = `
  WHERE NOT EXISTS (SELECT 1 FROM submissions
                    WHERE site_id = :site AND kind = :submissionKind AND submission_id = :submissionId)
  ON CONFLICT (site_id, email) DO UPDATE SET updated_at = excluded.updated_at,`;

/** (1) for a lead: a download, which names the contact only while it has no inquiry. */
export const UPSERT_CONTACT_FOR_LEAD = namedSql<CollectParams>(`
  INSERT INTO contacts (id, site_id, email, name, company, created_at, updated_at, first_lead_at,
                        last_download_at, lead_count)
  SELECT :contactId, :site, :email, :name, :company, :now, :now, :now, :now, 1
  ${CONTACT_IF_NEW}
    name = CASE WHEN NOT contacts.has_inquiry AND (excluded.name IS NOT NULL OR excluded.company IS NOT NULL)
           THEN excluded.name ELSE contacts.name END,
    company = CASE WHEN NOT contacts.has_inquiry AND (excluded.name IS NOT NULL OR excluded.company IS NOT NULL)
              THEN excluded.company ELSE contacts.company END,
    first_lead_at = coalesce(contacts.first_lead_at, excluded.first_lead_at),
    last_download_at = excluded.last_download_at,
    lead_count = contacts.lead_count + NOT EXISTS (
      SELECT 1 FROM leads WHERE contact_id = contacts.id AND resource_id = :resourceId
        AND window_open = 1 AND first_seen_at > :windowStart)`);

/** (1) for an inquiry: what the visitor typed names the contact. */
export const UPSERT_CONTACT_FOR_INQUIRY = namedSql<CollectParams>(`
  INSERT INTO contacts (id, site_id, email, name, company, created_at, updated_at, has_inquiry)
  SELECT :contactId, :site, :email, :name, :company, :now, :now, 1
  ${CONTACT_IF_NEW}
    name = excluded.name,
    company = excluded.company,
    has_inquiry = contacts.has_inquiry OR NOT EXISTS (
      SELECT 1 FROM inquiries WHERE contact_id = contacts.id AND dedupe_key = :dedupeKey
        AND window_open = 1 AND created_at > :windowStart)`);

// (2) The lead, or one more download on the lead of the same resource whose window is open (an
// older window was closed by the BEFORE INSERT trigger first, so the upsert then starts a new
// lead). RETURNs `created` 0 for a repeat download; nothing for a retry.
// A new record (lead or inquiry) keeps the name and company typed with it (db/typed-contact.ts),
// '' for a field left empty: the lists and exports read them from the record, not from its
// first submission's row. A repeat keeps those of the record's first.
export const UPSERT_LEAD = namedSql<CollectParams>(`
  INSERT INTO leads (id, site_id, contact_id, resource_id, page_url, referrer, utm_source, utm_medium,
                     utm_campaign, utm_term, utm_content, locale, first_touch, last_touch, hidden,
                     first_seen_at, last_seen_at, typed_name, typed_company)
  SELECT :recordId, :site, (SELECT id FROM contacts WHERE site_id = :site AND email = :email), :resourceId,
         :pageUrl, :referrer, :utmSource, :utmMedium, :utmCampaign, :utmTerm, :utmContent, :locale,
         :firstTouch, :lastTouch, :hidden, :now, :now, coalesce(:name, ''), coalesce(:company, '')
  WHERE NOT EXISTS (SELECT 1 FROM submissions
                    WHERE site_id = :site AND kind = :submissionKind AND submission_id = :submissionId)
  ON CONFLICT (contact_id, resource_id) WHERE window_open = 1 DO UPDATE SET
    download_count = download_count + 1,
    last_seen_at = excluded.last_seen_at
  RETURNING id, download_count = 1 AS created`);

// (2) The inquiry, unless the same one (contact, kind, dedupe key) is in its window: an expired
// window was closed by the BEFORE INSERT trigger, so the conflict only sees a recent one.
// Stamped with what led to it (the stats read these from an index of inquiries instead of
// joining every contact's leads): the contact's first lead, and the distinct resources and
// campaigns of its leads so far plus the inquiry's own campaign, in one pass over those leads.
export const INSERT_INQUIRY = namedSql<InquiryParams>(`
  INSERT INTO inquiries (id, site_id, contact_id, kind, message, preferred_time, dedupe_key, page_url, referrer,
                         utm_source, utm_medium, utm_campaign, utm_term, utm_content, locale, first_touch,
                         last_touch, hidden, created_at, first_lead_at, lead_resources, lead_campaigns,
                         typed_name, typed_company)
  SELECT :recordId, :site, (SELECT id FROM contacts WHERE site_id = :site AND email = :email), :inquiryKind,
         :message, :preferredTime, :dedupeKey, :pageUrl, :referrer, :utmSource, :utmMedium, :utmCampaign,
         :utmTerm, :utmContent, :locale, :firstTouch, :lastTouch, :hidden, :now,
         attribution.first_lead_at, attribution.resources, attribution.campaigns,
         coalesce(:name, ''), coalesce(:company, '')
  FROM (
    SELECT (SELECT first_lead_at FROM contacts WHERE site_id = :site AND email = :email) AS first_lead_at,
           json_group_array(DISTINCT resource_id) FILTER (WHERE resource_id IS NOT NULL) AS resources,
           json_group_array(DISTINCT campaign) FILTER (WHERE campaign IS NOT NULL) AS campaigns
    FROM (SELECT resource_id, utm_campaign AS campaign FROM leads
          WHERE contact_id = (SELECT id FROM contacts WHERE site_id = :site AND email = :email)
          UNION ALL SELECT NULL, :utmCampaign)
  ) AS attribution
  WHERE NOT EXISTS (SELECT 1 FROM submissions
                    WHERE site_id = :site AND kind = :submissionKind AND submission_id = :submissionId)
  ON CONFLICT (contact_id, kind, dedupe_key) WHERE window_open = 1 DO NOTHING
  RETURNING id, 1 AS created`);

// (3) The claim: an UPSERT that RETURNs the stored claim, this submission's (new) or the earlier
// one's (a replay), so that no read-back statement is needed. Its record is the one (2) wrote
// or counted on. A replay's record may be gone from the open window (a day later), so the
// look-up can be NULL; `record_id` is NOT NULL and SQLite checks that before the conflict, hence
// '' (never stored: a replay keeps its row, and a new claim always finds the record (2) wrote).
// The no-op DO UPDATE is what makes RETURNING give the earlier claim on a replay.
export const CLAIM_LEAD = namedSql<CollectParams>(`
  INSERT INTO submissions (site_id, kind, submission_id, body_hash, name, company, consent_version,
                           consent_privacy_url, created_at, record_id)
  VALUES (:site, :submissionKind, :submissionId, :bodyHash, :name, :company, :consentVersion,
          :consentPrivacyUrl, :now, coalesce((
            SELECT id FROM leads WHERE window_open = 1 AND resource_id = :resourceId
              AND contact_id = (SELECT id FROM contacts WHERE site_id = :site AND email = :email)), ''))
  ON CONFLICT (site_id, kind, submission_id) DO UPDATE SET record_id = submissions.record_id
  RETURNING record_id, body_hash`);

/** (3) for an inquiry: as CLAIM_LEAD, its record the inquiry of the same contact, kind and dedupe key in its window. */
export const CLAIM_INQUIRY = namedSql<InquiryParams>(`
  INSERT INTO submissions (site_id, kind, submission_id, body_hash, name, company, consent_version,
                           consent_privacy_url, created_at, record_id)
  VALUES (:site, :submissionKind, :submissionId, :bodyHash, :name, :company, :consentVersion,
          :consentPrivacyUrl, :now, coalesce((
            SELECT id FROM inquiries WHERE window_open = 1 AND kind = :inquiryKind AND dedupe_key = :dedupeKey
              AND contact_id = (SELECT id FROM contacts WHERE site_id = :site AND email = :email)), ''))
  ON CONFLICT (site_id, kind, submission_id) DO UPDATE SET record_id = submissions.record_id
  RETURNING record_id, body_hash`);

// (4) The notification outbox row (db/notifications.ts: what the queue consumer does with it),
// written only if (2) created the record with this batch's id (a repeat or a retry creates none)
// and the site has somewhere to send it (:hasWebhook) or other work for the consumer
// (:outboxNeeded: routing rules, the auto-reply), both from the site cache (lib/outbox-need.ts):
// a site with neither gets no rows, hence no queue message or consumer work per submission (a
// webhook added later is not sent what came before it, as with Svix or Stripe endpoints).
// RETURNs the notification id when it wrote.
export const INQUIRY_OUTBOX = namedSql<CollectParams>(`
  INSERT INTO notifications (id, site_id, event, subject_id, created_at)
  SELECT :notificationId, :site, 'inquiry.created', id, :now FROM inquiries
  WHERE id = :recordId AND status <> 'spam'
    AND (:outboxNeeded = 1 OR :hasWebhook = 1)
  RETURNING id AS notification_id`);

// (4) for a lead: for webhooks only where the site opted in too: `all` leads, or `returning`
// ones (the contact had downloaded or asked before: the "hot" leads), read inside the
// transaction, so the collect path needs no extra round trip for it. A row written for the
// consumer's work alone gets no webhook deliveries unless the same holds (db/notifications.ts).
export const LEAD_OUTBOX = namedSql<CollectParams>(`
  INSERT INTO notifications (id, site_id, event, subject_id, created_at)
  SELECT :notificationId, :site, 'lead.created', l.id, :now FROM leads l JOIN sites s ON s.id = l.site_id
  WHERE l.id = :recordId AND (:outboxNeeded = 1 OR (:hasWebhook = 1
    AND (s.notify_leads = 'all' OR (s.notify_leads = 'returning' AND (
      EXISTS (SELECT 1 FROM leads o WHERE o.contact_id = l.contact_id AND o.id <> l.id)
      OR EXISTS (SELECT 1 FROM inquiries i WHERE i.contact_id = l.contact_id))))))
  RETURNING id AS notification_id`);
