import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, api, type QueryValue } from "./api.ts";

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Asks again (after an error, or to refresh). */
  reload: () => void;
  /** Replaces the data in place (e.g. with a PATCH's answer), without asking again. */
  setData: (data: T) => void;
}

/**
 * GET `path` with `query` whenever either changes (null: ask nothing yet). An answer that arrives
 * after the inputs changed is dropped, so a slow old request never overwrites a newer one.
 *
 * @example
 * const { data, error, loading } = useApi<InquiryPage>("/v1/inquiries", { status: "new" });
 */
export function useApi<T>(path: string | null, query: Record<string, QueryValue> = {}): ApiState<T> {
  const key = path === null ? null : `${path}?${JSON.stringify(query)}`;
  const [state, setState] = useState<{ key: string | null; data?: T; error?: ApiError }>({ key: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    api
      .get<T>(path, { query, signal: controller.signal })
      .then((data) => setState({ key, data }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ key, error: error instanceof ApiError ? error : new ApiError(0, "client_error", String(error)) });
      });
    return () => controller.abort();
  }, [key, round]);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: key !== null && (!current || (state.data === undefined && state.error === undefined)),
    reload: useCallback(() => {
      setState({ key: null });
      setRound((r) => r + 1);
    }, []),
    setData: useCallback((data: T) => setState({ key, data }), [key]),
  };
}
