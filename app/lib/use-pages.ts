import { useEffect, useState } from "preact/hooks";
import { ApiError, api, type QueryValue } from "./api.ts";

export interface Pages<T> {
  rows: T[];
  /** True until the first page has answered (and again after the filters change). */
  loading: boolean;
  /** True while a further page is on its way. */
  loadingMore: boolean;
  error: ApiError | undefined;
  /** There is a further page: `more()` fetches it and appends its rows. */
  hasMore: boolean;
  more: () => void;
  retry: () => void;
}

/** How a list pages: the query parameter that asks for the next page, and its value after a page. */
export interface Paging<T> {
  param: string;
  next: (page: { data: T[]; nextCursor?: string | null }) => string | null;
}

/** The team API's cursor pages: `{ data, nextCursor }`, `?cursor=`. */
const CURSOR: Paging<unknown> = { param: "cursor", next: (page) => page.nextCursor ?? null };

/**
 * Requests one fill may make: a rare filter on a large site can need hundreds of short pages, and
 * a person waiting on a spinner that long is better shown what came so far and "show more".
 */
const FOLLOW_AT_MOST = 10;

/**
 * Rows from `cursor` on until `limit` came, the list ended or FOLLOW_AT_MOST requests were made.
 * A list that tests each row on what no index orders it by (a rare filter) reads a bounded number
 * of rows per request and may answer a short page, even an empty one, whose cursor continues:
 * such a page is not the end, so its cursors are followed here.
 */
async function fillPage<T>(
  path: string,
  query: Record<string, QueryValue>,
  paging: Paging<T>,
  cursor: string | null,
  signal: AbortSignal,
): Promise<{ rows: T[]; next: string | null }> {
  const limit = typeof query.limit === "number" ? query.limit : 1;
  const rows: T[] = [];
  let next = cursor;
  let requests = 0;
  do {
    const page = await api.get<{ data: T[]; nextCursor?: string | null }>(path, {
      query: { ...query, [paging.param]: next },
      signal,
    });
    rows.push(...page.data);
    next = paging.next(page);
    requests += 1;
  } while (next !== null && rows.length < limit && requests < FOLLOW_AT_MOST);
  return { rows, next };
}

/**
 * A paged list of the team API (by default cursor pages), first page on every change of
 * `query`, further pages appended by `more()`, each filled to `query.limit` rows unless the list
 * ends (fillPage). An answer for older filters is dropped.
 *
 * @example
 * const leads = usePages<Lead>("/v1/leads", { grade: "hot", limit: 50 });
 */
export function usePages<T>(
  path: string,
  query: Record<string, QueryValue>,
  paging: Paging<T> = CURSOR as Paging<T>,
): Pages<T> {
  const key = `${path}?${JSON.stringify(query)}`;
  const [request, setRequest] = useState<{ key: string; cursor: string | null; round: number }>({
    key,
    cursor: null,
    round: 0,
  });
  const [state, setState] = useState<{ key: string; rows: T[]; next: string | null; error?: ApiError; busy: boolean }>({
    key: "",
    rows: [],
    next: null,
    busy: true,
  });
  // New filters start again from the first page.
  const wanted = request.key === key ? request : { key, cursor: null, round: 0 };

  useEffect(() => {
    const controller = new AbortController();
    const appending = wanted.cursor !== null;
    setState((s) =>
      s.key === key && appending ? { ...s, error: undefined, busy: true } : { key, rows: [], next: null, busy: true },
    );
    fillPage(path, query, paging, wanted.cursor, controller.signal)
      .then((page) =>
        setState((s) => ({
          key,
          rows: appending ? [...s.rows, ...page.rows] : page.rows,
          next: page.next,
          busy: false,
        })),
      )
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const failure = error instanceof ApiError ? error : new ApiError(0, "client_error", String(error));
        setState((s) => ({ ...s, error: failure, busy: false }));
      });
    return () => controller.abort();
  }, [key, wanted.cursor, wanted.round]);

  const current = state.key === key;
  return {
    rows: current ? state.rows : [],
    loading: !current || (state.busy && wanted.cursor === null),
    loadingMore: current && state.busy && wanted.cursor !== null,
    error: current ? state.error : undefined,
    hasMore: current && !state.busy && !state.error && state.next !== null,
    more: () => {
      if (current && state.next && !state.busy) setRequest({ key, cursor: state.next, round: wanted.round });
    },
    retry: () => setRequest({ key, cursor: wanted.cursor, round: wanted.round + 1 }),
  };
}
