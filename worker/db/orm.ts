import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema.ts";

/**
 * Drizzle over a D1 binding, for the team API's queries (dynamic filters, typed rows). The
 * collect path keeps its hand-tuned prepared statements in one `batch()`: see ARCHITECTURE.md.
 */
export const orm = (db: D1Database) => drizzle(db, { schema });
export type Orm = ReturnType<typeof orm>;
