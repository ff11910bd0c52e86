import type { MemberRole } from "../shared/members.ts";
import type { SignedIn } from "./db/sessions.ts";
import type { NotifyMessage } from "./notify/enqueue.ts";

/** Bindings declared in wrangler.toml. */
export interface Env {
  /** The database of every site not routed elsewhere, and of the directory (db/handle.ts). */
  DB: D1Database;
  /**
   * Which sites live in another D1 binding: JSON `{"BINDING": ["site id", …]}` (db/handle.ts).
   * Unset: every site is in `DB`.
   */
  SITE_DATABASES?: string;
  ASSETS: Fetcher;
  /** Milliseconds refusal counts wait in memory before they are written (tests shorten it). */
  REFUSAL_FLUSH_MS?: string;
  /** Milliseconds a new inquiry's queue message waits to share a send (notify/enqueue.ts); tests lengthen it. */
  NOTIFY_SEND_WINDOW_MS?: string;
  /** How long an isolate keeps a site's settings (ms, lib/site-cache.ts); only tests shorten it. */
  SITE_CACHE_TTL_MS?: string;
  /** Notifications to send (worker/notify/consumer.ts). */
  NOTIFY_QUEUE: Queue<NotifyMessage>;
  /** Comma-separated retry delays in seconds; only local runs and tests set it (notify/retry.ts). */
  NOTIFY_RETRY_DELAYS?: string;
  /** Collect requests per site and client address (wrangler.toml [[ratelimits]], middleware/rate-limit.ts). */
  COLLECT_LIMITER: RateLimit;
  /** Site-key look-ups in D1 per client address (unknown keys), same. */
  SITE_LOOKUP_LIMITER: RateLimit;
  /** Failed team-API authentications per client address (middleware/auth-failures.ts), same. */
  AUTH_FAILURE_LIMITER: RateLimit;
  /**
   * Local development only: comma-separated hosts (private, loopback, localhost) that webhooks may
   * target, e.g. "127.0.0.1,localhost" (`npm start`, the tests' receiver). Unset in production.
   */
  WEBHOOK_LOCAL_TARGETS?: string;
  /** Turnstile's siteverify endpoint (wrangler.toml); tests and `npm start` point it at a local stand-in. */
  TURNSTILE_VERIFY_URL?: string;
  /** Turnstile's api.js as the widget loads it; only tests and `npm start` change it (a local stand-in). */
  TURNSTILE_SCRIPT_URL?: string;
  /**
   * Cloudflare Access (optional, docs/access.md): the team domain, e.g. https://acme.cloudflareaccess.com,
   * and the Access application's AUD tag. Both unset: Access is off and its header is ignored.
   */
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
  /**
   * Mail (worker/mail/mailer.ts, docs/mail.md): "cloudflare" (the default: Email Service through
   * the EMAIL send_email binding) or "resend" (RESEND_API_KEY, a secret; RESEND_API_URL only
   * changes for local runs).
   */
  MAIL_PROVIDER?: string;
  EMAIL?: SendEmail;
  RESEND_API_KEY?: string;
  RESEND_API_URL?: string;
  /** Local runs and tests only: the mailbox stand-in's binding endpoint, used instead of EMAIL. */
  MAIL_BINDING_URL?: string;
  /**
   * The HMAC key that signs mailed download links (lib/download-link.ts): a secret
   * (`wrangler secret put DOWNLOAD_LINK_SECRET`). Unset: no resource can be delivered by mail.
   */
  DOWNLOAD_LINK_SECRET?: string;
  /** Least ms between two fetches of the team's certs for an unknown key id (lib/access-jwt.ts); only tests shorten it. */
  ACCESS_CERTS_REFETCH_MS?: string;
}

/** A site as the collector needs it on every request. */
export interface Site {
  id: string;
  siteKey: string;
  name: string;
  allowedOrigins: string[];
  disabled: boolean;
  /** Store pageUrl/referrer in full (opt-in); by default origin, path, UTM and click ids only. */
  fullUrls: boolean;
  /** Cloudflare Turnstile, when the site uses it: the public site key and the secret that verifies tokens. */
  turnstile?: { siteKey: string; secret: string };
  /** The resource ids delivered by mail (db/resources.ts); read with the site on the collect path only. */
  mailResources?: string[];
  /**
   * Every new inquiry needs an outbox row, whether or not the site has an enabled webhook (the
   * queue consumer has work for it: routing rules). Known on the collect path only (site cache).
   */
  needsInquiryOutbox?: boolean;
}

/** The API key of a team-API request. */
export interface RequestKey {
  id: string;
  scope: "read" | "write";
}

/** A signed-in person on the site of the request, with their role there. */
export interface RequestMember {
  id: string;
  email: string;
  name: string | null;
  role: MemberRole;
}

/**
 * Who makes a team-API request (set by middleware/team-auth.ts): a machine with an API key, or a
 * signed-in member. Writes record it (follow-up history, erasures).
 */
export type Actor = ({ kind: "key" } & RequestKey) | ({ kind: "member" } & RequestMember);

export type AppEnv = {
  Bindings: Env;
  Variables: {
    /** The site the request works on: the API key's, or the one a member picked (Hikiai-Site). */
    site: Site;
    /** The database of that site's rows (db/handle.ts), set with `site` (middleware/site-database.ts). */
    db: D1Database;
    actor: Actor;
    /** Who a signed-in browser is (a session, or Cloudflare Access; middleware/session.ts); absent for API keys. */
    session?: SignedIn;
  };
};
