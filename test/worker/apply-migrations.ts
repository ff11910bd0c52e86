import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// The worker files of one vitest worker share one workerd, its D1s and its isolate (isolate: false
// in vitest.config.ts), so before each file this migrates the D1s (only the first file of a workerd
// finds anything to apply) and empties every table the migrations made: each file starts on an
// empty database, as it did in a workerd of its own.
// DB_2 is the second D1 a test site is routed to (SITE_DATABASES): crons walk every database,
// so each file's run needs it migrated and empty too, not only the file that writes to it.
async function freshDatabase(db: D1Database) {
  await applyD1Migrations(db, env.TEST_MIGRATIONS);
  const { results } = await db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .all<{ name: string; sql: string }>();
  // A full-text index keeps itself: deleting the rows it indexes takes them out of it (the
  // migrations' triggers), and its own tables (its name, then _data, _idx, …) are not to be
  // written by hand.
  const virtual = results.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  const tables = results
    .map((t) => t.name)
    .filter((name) => name !== "d1_migrations" && !name.startsWith("_cf_"))
    .filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
  await db.batch([
    db.prepare("PRAGMA defer_foreign_keys = ON"),
    ...tables.map((name) => db.prepare(`DELETE FROM "${name}"`)),
  ]);
}

await freshDatabase(env.DB);
await freshDatabase(env.DB_2);
