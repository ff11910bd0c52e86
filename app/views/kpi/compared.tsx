// The KPI view asks each of its endpoints twice, for this range and the one just before; both
// answers are needed before anything is drawn, and one retry asks both again.
import type { QueryValue } from "../../lib/api.ts";
import type { ViewProps } from "../../lib/types.ts";
import { useApi } from "../../lib/use-api.ts";
import { ErrorBox, Loading } from "../../shell/states.tsx";
import type { DateRange } from "./period.ts";

/** GET `path` for `current` and for `previous` (each with `query`); both answers, or the first error. */
export function useCompared<T>(
  path: string,
  current: DateRange,
  previous: DateRange,
  query: Record<string, QueryValue>,
) {
  const now = useApi<T>(path, { ...current, ...query });
  const before = useApi<T>(path, { ...previous, ...query });
  return {
    now,
    both: now.data && before.data ? { current: now.data, previous: before.data } : undefined,
    error: now.error ?? before.error,
    retry: () => {
      now.reload();
      before.reload();
    },
  };
}

type Compared = ReturnType<typeof useCompared<unknown>>;

/** While a compared pair is not both there: its error with a retry, or the loading state. */
export function ComparedState({ t, state }: { t: ViewProps["t"]; state: Pick<Compared, "both" | "error" | "retry"> }) {
  if (state.error) return <ErrorBox t={t} error={state.error} retry={state.retry} />;
  return state.both ? null : <Loading t={t} />;
}
