import { useState } from "preact/hooks";
import type { QueryValue } from "../lib/api.ts";
import { usePages } from "../lib/use-pages.ts";
import type { Inquiry } from "./types.ts";

/**
 * The inbox's rows: the first page for `query`, further pages appended by `more()` (cursor
 * paging, each page filled to `query.limit` unless the list ends), and rows replaced in place by
 * `replace()` after a follow-up change, so the list shows it at once without asking again.
 */
export function useInquiryList(query: Record<string, QueryValue>) {
  const pages = usePages<Inquiry>("/v1/inquiries", query);
  const [changed, setChanged] = useState<Record<string, Inquiry>>({});
  return {
    rows: pages.rows.map((row) => changed[row.id] ?? row),
    loading: pages.loading,
    error: pages.error,
    reload: pages.retry,
    hasMore: pages.hasMore || pages.loadingMore,
    loadingMore: pages.loadingMore,
    more: pages.more,
    replace: (row: Inquiry) => setChanged((all) => ({ ...all, [row.id]: row })),
  };
}
