import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// DB_2 is the second D1 a test site is routed to (SITE_DATABASES): crons walk every database,
// so each file's run needs it migrated too, not only the file that writes to it.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await applyD1Migrations(env.DB_2, env.TEST_MIGRATIONS);
