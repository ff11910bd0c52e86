// Keyset cursors of the team API's lists. A cursor is the sort order plus the (time, id) of the
// last row served, so the next page starts strictly after it: rows that arrive meanwhile never
// shift a page (they land before page one when newest first, after the last page when oldest first).

export const SORTS = ["newest", "oldest"] as const;
export type Sort = (typeof SORTS)[number];

/** Where a page ended: the row's list time (ms) and id. */
export interface Position {
  at: number;
  id: string;
}

export interface Cursor extends Position {
  sort: Sort;
}

/** Opaque to clients: base64url (safe in a query string as is) of "n|o:time:id". */
export function encodeCursor({ sort, at, id }: Cursor): string {
  return btoa(`${sort === "newest" ? "n" : "o"}:${at}:${id}`)
    .replace(/=+$/, "")
    .replaceAll("+", "-")
    .replaceAll("/", "_");
}

/** The cursor's content, or null when it is not one of ours. */
export function decodeCursor(cursor: string): Cursor | null {
  try {
    const [order, time, ...rest] = atob(cursor.replaceAll("-", "+").replaceAll("_", "/")).split(":");
    const at = Number(time);
    const id = rest.join(":");
    const sort = order === "n" ? "newest" : order === "o" ? "oldest" : null;
    return sort && time && Number.isSafeInteger(at) && id ? { sort, at, id } : null;
  } catch {
    return null;
  }
}
