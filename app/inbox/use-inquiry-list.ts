import { useState } from "preact/hooks";
import { ApiError, api, type QueryValue } from "../lib/api.ts";
import { useApi } from "../lib/use-api.ts";
import type { Inquiry, InquiryPage } from "./types.ts";

/**
 * The inbox's rows: the first page for `query`, further pages appended by `more()` (cursor
 * paging), and rows replaced in place by `replace()` after a follow-up change, so the list shows
 * it at once without asking again.
 */
export function useInquiryList(query: Record<string, QueryValue>) {
  const first = useApi<InquiryPage>("/v1/inquiries", query);
  const key = JSON.stringify(query);
  const [extra, setExtra] = useState<{ key: string; rows: Inquiry[]; next: string | null }>();
  const [changed, setChanged] = useState<Record<string, Inquiry>>({});
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError>();

  const own = extra?.key === key ? extra : undefined;
  const rows = first.data ? [...first.data.data, ...(own?.rows ?? [])].map((row) => changed[row.id] ?? row) : [];
  const next = own ? own.next : (first.data?.nextCursor ?? null);

  const more = async () => {
    if (!next || loadingMore) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api.get<InquiryPage>("/v1/inquiries", { query: { ...query, cursor: next } });
      setExtra({ key, rows: [...(own?.rows ?? []), ...page.data], next: page.nextCursor });
    } catch (error) {
      setMoreError(error instanceof ApiError ? error : new ApiError(0, "client_error", String(error)));
    } finally {
      setLoadingMore(false);
    }
  };

  return {
    rows,
    loading: first.loading,
    error: first.error ?? moreError,
    reload: first.reload,
    hasMore: next !== null,
    loadingMore,
    more,
    replace: (row: Inquiry) => setChanged((all) => ({ ...all, [row.id]: row })),
  };
}
