// Drizzle's typed view of the D1 schema. The SQL in migrations/ is the source of truth (wrangler
// applies it); this file mirrors it column for column so that queries built with Drizzle read
// rows back as typed objects. Change both together.

import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { MEMBER_ROLES, SESSION_KINDS } from "../../shared/members.ts";
import { RESOURCE_DELIVERIES } from "../../shared/resources.ts";
import { ROUTING_ACTIONS, type RoutingConditions } from "../../shared/routing.ts";
import { INQUIRY_KINDS, INQUIRY_STATUSES, type Touch } from "../../shared/schemas.ts";
import { DIGEST_MAIL, WEBHOOK_TYPES } from "../../shared/webhooks.ts";

export const sites = sqliteTable("sites", {
  id: text("id").primaryKey(),
  siteKey: text("site_key").notNull().unique(),
  name: text("name").notNull(),
  /** JSON array of origins; "*" allows any. */
  allowedOrigins: text("allowed_origins").notNull().default("[]"),
  disabledAt: integer("disabled_at"),
  createdAt: integer("created_at").notNull(),
  /** IANA time zone: the day and week boundaries of the site's stats. */
  timeZone: text("time_zone").notNull().default("Asia/Tokyo"),
  /** Leads, inquiries and contacts older than this are purged by the retention cron (1–120). */
  retentionMonths: integer("retention_months").notNull().default(24),
  /** The retention purge's last complete run for the site, and its last turn (db/retention.ts). */
  purgedAt: integer("purged_at"),
  purgeTurnAt: integer("purge_turn_at"),
  /** 1: keep pageUrl/referrer in full; 0: origin, path, UTM and click ids only. */
  fullUrls: integer("full_urls").notNull().default(0),
  /** Cloudflare Turnstile, off while null. */
  turnstileSiteKey: text("turnstile_site_key"),
  turnstileSecret: text("turnstile_secret"),
  /** Language of the site's Slack notifications. */
  language: text("language", { enum: ["ja", "en"] })
    .notNull()
    .default("ja"),
  /** Which new leads notify: none, those by returning contacts, or all. */
  notifyLeads: text("notify_leads", { enum: ["off", "returning", "all"] })
    .notNull()
    .default("off"),
  /** Business minutes an inquiry may stay `new` before its stall reminder. */
  stallAfterMinutes: integer("stall_after_minutes").notNull().default(240),
  /** Where a new inquiry's team mail goes when no member is assigned (migration 0026); null: nowhere. */
  notificationEmail: text("notification_email"),
  /** Who of its members gets the daily digest by mail (migration 0026): off, admins, everyone. */
  digestMail: text("digest_mail", { enum: DIGEST_MAIL }).notNull().default("off"),
  /** 1: the widget counts form views, starts and abandons (docs/analytics.md); 0: off. */
  formAnalytics: integer("form_analytics").notNull().default(1),
});

export const apiKeys = sqliteTable("api_keys", {
  id: text("id").primaryKey(),
  siteId: text("site_id")
    .notNull()
    .references(() => sites.id, { onDelete: "cascade" }),
  keyHash: text("key_hash").notNull().unique(),
  label: text("label").notNull().default(""),
  createdAt: integer("created_at").notNull(),
  revokedAt: integer("revoked_at"),
  scope: text("scope", { enum: ["read", "write"] })
    .notNull()
    .default("read"),
  lastUsedAt: integer("last_used_at"),
});

export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name"),
    company: text("company"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** When the contact's first lead was stored (lead→inquiry conversion in the stats). */
    firstLeadAt: integer("first_lead_at"),
    // The grade's rollup (migration 0014, worker/db/grade.ts): facts the grade is computed from.
    /** The contact's latest download (max of its leads' last_seen_at), null if none. */
    lastDownloadAt: integer("last_download_at"),
    /** How many leads (rows) the contact has. */
    leadCount: integer("lead_count").notNull().default(0),
    /** 1 if the contact has an inquiry that is not spam. */
    hasInquiry: integer("has_inquiry").notNull().default(0),
    /** When a mailed download link of the contact's was first opened: the address is real. */
    emailVerifiedAt: integer("email_verified_at"),
  },
  (t) => [
    uniqueIndex("contacts_site_id_email_unique").on(t.siteId, t.email),
    index("contacts_site_created").on(t.siteId, t.createdAt),
    index("contacts_site_first_lead").on(t.siteId, t.firstLeadAt).where(sql`first_lead_at IS NOT NULL`),
    index("contacts_site_download")
      .on(t.siteId, t.lastDownloadAt, t.leadCount, t.hasInquiry)
      .where(sql`last_download_at IS NOT NULL`),
    index("contacts_site_verified").on(t.siteId, t.id).where(sql`email_verified_at IS NOT NULL`),
  ],
);

/** Where the visitor was: the same columns on leads and inquiries. */
const eventContext = {
  pageUrl: text("page_url").notNull(),
  referrer: text("referrer"),
  utmSource: text("utm_source"),
  utmMedium: text("utm_medium"),
  utmCampaign: text("utm_campaign"),
  utmTerm: text("utm_term"),
  utmContent: text("utm_content"),
  locale: text("locale"),
  // JSON as the widget sent it (migration 0008).
  firstTouch: text("first_touch", { mode: "json" }).$type<Touch>(),
  lastTouch: text("last_touch", { mode: "json" }).$type<Touch>(),
  hidden: text("hidden", { mode: "json" }).$type<Record<string, string>>(),
};

/**
 * The name and company typed with a lead or inquiry (its first submission's, written by the
 * collect batch that creates it; db/typed-contact.ts): '' where it left the field empty, NULL on a
 * record with no submission (which shows its contact's pair). Personal data: exported and erased
 * with the record (db/personal-data.ts).
 */
const typedPair = {
  typedName: text("typed_name"),
  typedCompany: text("typed_company"),
};

export const leads = sqliteTable(
  "leads",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    resourceId: text("resource_id").notNull(),
    downloadCount: integer("download_count").notNull().default(1),
    windowOpen: integer("window_open").notNull().default(1),
    ...eventContext,
    firstSeenAt: integer("first_seen_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    /** A mailed link's first opening (delivery `mail`), and how often it was opened. */
    downloadedAt: integer("downloaded_at"),
    linkOpens: integer("link_opens").notNull().default(0),
    ...typedPair,
  },
  (t) => [
    uniqueIndex("leads_open_window").on(t.contactId, t.resourceId).where(sql`window_open = 1`),
    index("leads_site_time").on(t.siteId, t.firstSeenAt, t.id),
    index("leads_contact_time").on(t.contactId, t.firstSeenAt),
    index("leads_site_first_seen").on(t.siteId, t.firstSeenAt),
    index("leads_site_resource_time").on(t.siteId, t.resourceId, t.firstSeenAt, t.id),
  ],
);

export const inquiries = sqliteTable(
  "inquiries",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: INQUIRY_KINDS }).notNull(),
    message: text("message").notNull().default(""),
    preferredTime: text("preferred_time"),
    status: text("status", { enum: INQUIRY_STATUSES }).notNull().default("new"),
    windowOpen: integer("window_open").notNull().default(1),
    ...eventContext,
    createdAt: integer("created_at").notNull(),
    assignee: text("assignee"),
    note: text("note"),
    /** Set by the first status change away from `new`. */
    firstResponseAt: integer("first_response_at"),
    updatedAt: integer("updated_at"),
    /** What led to the inquiry, stamped when stored (worker/db/inquiry-attribution.ts): the contact's first lead before it, */
    firstLeadAt: integer("first_lead_at"),
    /** JSON array of the resources downloaded before it, */
    leadResources: text("lead_resources", { mode: "json" }).notNull().$type<string[]>().default([]),
    /** JSON array of the campaigns of those leads and its own. */
    leadCampaigns: text("lead_campaigns", { mode: "json" }).notNull().$type<string[]>().default([]),
    /** Hash of everything the visitor typed; a repeat is a duplicate only when it matches. */
    dedupeKey: text("dedupe_key"),
    ...typedPair,
  },
  (t) => [
    uniqueIndex("inquiries_open_window").on(t.contactId, t.kind, t.dedupeKey).where(sql`window_open = 1`),
    index("inquiries_site_time").on(t.siteId, t.createdAt, t.id),
    index("inquiries_site_stats").on(
      t.siteId,
      t.createdAt,
      t.kind,
      t.status,
      t.firstResponseAt,
      t.firstLeadAt,
      t.contactId,
      t.leadResources,
      t.leadCampaigns,
    ),
    index("inquiries_contact_time").on(t.contactId, t.createdAt),
    index("inquiries_site_status_time").on(t.siteId, t.status, t.createdAt, t.id),
  ],
);

export const INQUIRY_HISTORY_FIELDS = ["status", "assignee", "note"] as const;

/** One changed field of a follow-up (PATCH, or a routing rule's assignment): which key, member or rule, when, from, to. */
export const inquiryHistory = sqliteTable(
  "inquiry_history",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    inquiryId: text("inquiry_id")
      .notNull()
      .references(() => inquiries.id, { onDelete: "cascade" }),
    /**
     * Who made the change: an API key or a signed-in member, exactly one (a CHECK). Not foreign
     * keys: revoking a key or removing a member keeps the history they wrote.
     */
    apiKeyId: text("api_key_id"),
    memberId: text("member_id"),
    /** A routing rule that assigned the inquiry, and its position then ("assigned by rule 3"; migration 0021). */
    ruleId: text("rule_id"),
    ruleNumber: integer("rule_number"),
    field: text("field", { enum: INQUIRY_HISTORY_FIELDS }).notNull(),
    fromValue: text("from_value"),
    toValue: text("to_value"),
    changedAt: integer("changed_at").notNull(),
  },
  (t) => [
    index("inquiry_history_inquiry").on(t.inquiryId, t.changedAt),
    uniqueIndex("inquiry_history_routed").on(t.inquiryId).where(sql`rule_id IS NOT NULL`),
  ],
);

/** A site's routing rules, in order (migration 0021, worker/db/routing-rules.ts). */
export const routingRules = sqliteTable(
  "routing_rules",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    /** 1, 2, …: first match wins. */
    position: integer("position").notNull(),
    name: text("name").notNull().default(""),
    conditions: text("conditions", { mode: "json" }).notNull().$type<RoutingConditions>().default({}),
    action: text("action", { enum: ROUTING_ACTIONS }).notNull(),
    /** Member ids, in turn order. */
    memberIds: text("member_ids", { mode: "json" }).notNull().$type<string[]>(),
    businessHoursOnly: integer("business_hours_only").notNull().default(0),
    /** Inquiries it assigned: the round robin's counter. */
    turns: integer("turns").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("routing_rules_site").on(t.siteId, t.position)],
);

export const submissions = sqliteTable(
  "submissions",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["lead", "inquiry"] }).notNull(),
    submissionId: text("submission_id").notNull(),
    recordId: text("record_id").notNull(),
    /** SHA-256 hex of the validated body; null for rows from before migration 0004. */
    bodyHash: text("body_hash"),
    /** Name and company as this submission gave them (history; the contact may keep others). */
    name: text("name"),
    company: text("company"),
    consentVersion: text("consent_version"),
    consentPrivacyUrl: text("consent_privacy_url"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.kind, t.submissionId] }),
    index("submissions_record_first").on(t.recordId, t.createdAt, t.name, t.company),
  ],
);

/** Refused or bot-trapped collect requests of a known site, per UTC day, origin and code. */
export const refusals = sqliteTable(
  "refusals",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    /** "" when the request had no Origin header. */
    origin: text("origin").notNull(),
    code: text("code").notNull(),
    count: integer("count").notNull(),
    lastAt: integer("last_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day, t.origin, t.code] })],
);

/** Form analytics counters per site, local day, form ("lead:<resourceId>" | "inquiry:<kind>") and page (origin + path). */
export const formStats = sqliteTable(
  "form_stats",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    form: text("form").notNull(),
    page: text("page").notNull(),
    views: integer("views").notNull().default(0),
    starts: integer("starts").notNull().default(0),
    submits: integer("submits").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day, t.form, t.page] })],
);

/** Per field of a form's counters: client-side validation errors and abandons (last field touched). */
export const formFieldStats = sqliteTable(
  "form_field_stats",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    form: text("form").notNull(),
    page: text("page").notNull(),
    field: text("field").notNull(),
    errors: integer("errors").notNull().default(0),
    abandons: integer("abandons").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.day, t.form, t.page, t.field] }),
    index("form_field_stats_pair").on(t.siteId, t.form, t.page, t.day, t.field, t.errors, t.abandons),
  ],
);

/** A record of an erasure (on request or by retention) that holds no personal data: when, why, who, how many. */
export const erasures = sqliteTable(
  "erasures",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    reason: text("reason", { enum: ["request", "retention"] }).notNull(),
    /** Not a foreign key: the record outlives the key. Null for the retention purge. */
    apiKeyId: text("api_key_id"),
    /** The signed-in admin who asked (instead of a key); not a foreign key either. */
    memberId: text("member_id"),
    erasedAt: integer("erased_at").notNull(),
    contacts: integer("contacts").notNull(),
    leads: integer("leads").notNull(),
    inquiries: integer("inquiries").notNull(),
    submissions: integer("submissions").notNull(),
    history: integer("history").notNull(),
  },
  (t) => [index("erasures_site_time").on(t.siteId, t.erasedAt)],
);

export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    type: text("type", { enum: WEBHOOK_TYPES }).notNull(),
    url: text("url").notNull(),
    /** whsec_… (generic webhooks only). */
    secret: text("secret"),
    /** The secret `secret` replaced: also signs until previousSecretExpiresAt (rotation overlap). */
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: integer("previous_secret_expires_at"),
    description: text("description").notNull().default(""),
    disabledAt: integer("disabled_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("webhooks_site").on(t.siteId, t.createdAt)],
);

export const NOTIFICATION_EVENTS = [
  "inquiry.created",
  "lead.created",
  "inquiry.stalled",
  "digest.daily",
  "webhook.test",
] as const;

export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    event: text("event", { enum: NOTIFICATION_EVENTS }).notNull(),
    subjectId: text("subject_id"),
    webhookId: text("webhook_id"),
    payload: text("payload"),
    createdAt: integer("created_at").notNull(),
    sweptAt: integer("swept_at"),
    dispatchedAt: integer("dispatched_at"),
  },
  (t) => [
    uniqueIndex("notifications_once").on(t.siteId, t.event, t.subjectId).where(sql`subject_id IS NOT NULL`),
    index("notifications_undispatched").on(t.createdAt).where(sql`dispatched_at IS NULL`),
  ],
);

export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    notificationId: text("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    webhookId: text("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["pending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("deliveries_notification_id_webhook_id_unique").on(t.notificationId, t.webhookId),
    index("deliveries_webhook").on(t.webhookId, t.createdAt),
  ],
);

export const deliveryAttempts = sqliteTable(
  "delivery_attempts",
  {
    id: text("id").primaryKey(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    attemptedAt: integer("attempted_at").notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    error: text("error"),
  },
  (t) => [index("delivery_attempts_delivery").on(t.deliveryId, t.attemptedAt)],
);

/** A person who signs in to the dashboard; their role is per site (siteMembers). */
export const members = sqliteTable("members", {
  id: text("id").primaryKey(),
  /** Normalised (shared/email.ts), unique: one person is one row whatever sites they work on. */
  email: text("email").notNull().unique(),
  /** The name they were first added with; shown only where no site is chosen (GET /v1/me). */
  name: text("name"),
  createdAt: integer("created_at").notNull(),
});

export const siteMembers = sqliteTable(
  "site_members",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    role: text("role", { enum: MEMBER_ROLES }).notNull(),
    createdAt: integer("created_at").notNull(),
    // Per site (migration 0037): another site's admin can neither read nor change them.
    /** Their name on this site; null: show the e-mail. */
    name: text("name"),
    /** Their Slack user id (U…) in this site's workspace, mentioned on inquiries assigned to them. */
    slackUserId: text("slack_user_id"),
    /** Language of this site's team mail to them; null: the site's. */
    language: text("language", { enum: ["ja", "en"] }),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.memberId] }), index("site_members_member").on(t.memberId)],
);

/** One-time sign-in links, by the hash of their token. */
export const signInLinks = sqliteTable("sign_in_links", {
  tokenHash: text("token_hash").primaryKey(),
  memberId: text("member_id")
    .notNull()
    .references(() => members.id, { onDelete: "cascade" }),
  siteId: text("site_id").references(() => sites.id, { onDelete: "cascade" }),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
});

/** Signed-in browsers, by the hash of their cookie's token. */
export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    via: text("via", { enum: SESSION_KINDS }).notNull(),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("sessions_member").on(t.memberId)],
);

/** Mail to people, at most once per (kind, mail_key) (worker/mail/send.ts, migration 0019). */
export const mailLog = sqliteTable(
  "mail_log",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    mailKey: text("mail_key").notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull().default(""),
    status: text("status", {
      enum: ["pending", "sending", "sent", "retry", "failed", "suppressed", "capped"],
    })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastCode: text("last_code"),
    lastError: text("last_error"),
    provider: text("provider"),
    providerId: text("provider_id"),
    claimedAt: integer("claimed_at"),
    claimToken: text("claim_token"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    sentAt: integer("sent_at"),
    /** The inbox `recipient` reaches (shared/email.ts mailboxKey): what the caps count. */
    mailbox: text("mailbox").notNull().default(""),
  },
  (t) => [
    uniqueIndex("mail_log_kind_mail_key").on(t.kind, t.mailKey),
    index("mail_log_site_created").on(t.siteId, sql`${t.createdAt} DESC`),
    index("mail_log_recipient").on(t.siteId, t.recipient, t.createdAt),
    index("mail_log_mailbox").on(t.siteId, t.mailbox, t.createdAt),
    index("mail_log_capped").on(t.kind, t.claimedAt).where(sql`status = 'capped'`),
  ],
);

/** Addresses a site no longer mails (bounced, complained). */
export const mailSuppressions = sqliteTable(
  "mail_suppressions",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    reason: text("reason", { enum: ["bounced", "complained", "manual"] }).notNull(),
    detail: text("detail"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.email] })],
);

/** Who a site's mail to visitors comes from, its 特定電子メール法 footer and its hourly cap. */
export const mailSenders = sqliteTable("mail_senders", {
  siteId: text("site_id")
    .primaryKey()
    .references(() => sites.id, { onDelete: "cascade" }),
  senderName: text("sender_name"),
  fromAddress: text("from_address"),
  replyTo: text("reply_to"),
  footerSender: text("footer_sender"),
  footerContact: text("footer_contact"),
  footerOptout: text("footer_optout"),
  hourlyCap: integer("hourly_cap").notNull().default(60),
  updatedAt: integer("updated_at").notNull(),
});

/** The visitor auto-reply per form kind and resource ('' = every resource); NULL texts are the defaults. */
export const autoreplies = sqliteTable(
  "autoreplies",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    formKind: text("form_kind", { enum: ["download", "demo", "quote", "contact"] }).notNull(),
    resourceId: text("resource_id").notNull().default(""),
    enabled: integer("enabled").notNull().default(0),
    subjectJa: text("subject_ja"),
    textJa: text("text_ja"),
    htmlJa: text("html_ja"),
    subjectEn: text("subject_en"),
    textEn: text("text_en"),
    htmlEn: text("html_en"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.formKind, t.resourceId] })],
);

/** The resources a site gates: title, file and how the file reaches the visitor (migration 0020). */
export const resources = sqliteTable(
  "resources",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    resourceId: text("resource_id").notNull(),
    title: text("title").notNull(),
    fileUrl: text("file_url").notNull(),
    delivery: text("delivery", { enum: RESOURCE_DELIVERIES }).notNull().default("page"),
    linkDays: integer("link_days").notNull().default(7),
    linkUses: integer("link_uses").notNull().default(5),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.resourceId] })],
);
