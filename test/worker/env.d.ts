import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof import("../../worker/index.ts");
    }
    interface Env {
      DB: D1Database;
      DB_2: D1Database;
      SITE_DATABASES: string;
      ASSETS: Fetcher;
      TEST_MIGRATIONS: D1Migration[];
      HIKIAI_SOAK: string;
      NOTIFY_QUEUE: Queue<import("../../worker/notify/enqueue.ts").NotifyMessage>;
      NOTIFY_RETRY_DELAYS?: string;
      COLLECT_LIMITER: RateLimit;
      SITE_LOOKUP_LIMITER: RateLimit;
      AUTH_FAILURE_LIMITER: RateLimit;
      SIGN_IN_MAIL_ADDRESS_LIMITER: RateLimit;
      SIGN_IN_MAIL_CLIENT_LIMITER: RateLimit;
      TURNSTILE_VERIFY_URL?: string;
      TURNSTILE_SCRIPT_URL?: string;
      ACCESS_TEAM_DOMAIN?: string;
      ACCESS_AUD?: string;
      ACCESS_CERTS_REFETCH_MS?: string;
      EMAIL: SendEmail;
      MAIL_BINDING_URL?: string;
      RESEND_API_URL?: string;
      DOWNLOAD_LINK_SECRET?: string;
      PUBLIC_URL?: string;
      MAIL_FROM: string;
      APP_ORIGIN: string;
    }
  }
}
