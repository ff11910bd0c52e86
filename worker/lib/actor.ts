import type { Actor } from "../env.ts";

/** Who made a change, as the columns that record it: exactly one is set. */
export interface Author {
  apiKeyId: string | null;
  memberId: string | null;
}

/** The request's actor as the author columns of the rows it writes (history, erasures). */
export const authorOf = (actor: Actor): Author =>
  actor.kind === "key" ? { apiKeyId: actor.id, memberId: null } : { apiKeyId: null, memberId: actor.id };
