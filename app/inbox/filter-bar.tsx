import { useEffect, useState } from "preact/hooks";
import type { T } from "../lib/i18n.ts";
import { follow, href, type Navigate, type Query } from "../lib/router.ts";
import { FILTER_KEYS, STATUS_CHIPS, statusOf } from "./filters.ts";

interface FilterBarProps {
  query: Query;
  path: string;
  navigate: Navigate;
  t: T;
  /** Inquiries per status (GET /v1/inquiries/counts); undefined until known. */
  counts: Record<string, number> | undefined;
}

/** Status chips and the filters, all kept in the URL. */
export function FilterBar({ query, path, navigate, t, counts }: FilterBarProps) {
  const status = statusOf(query);
  // Changing a filter starts a new list: the open inquiry stays open, paging starts again.
  const set = (changes: Record<string, string | undefined>, replace = false) =>
    navigate(path, { ...query, ...changes }, { replace });
  const total = counts && Object.values(counts).reduce((a, b) => a + b, 0);

  // The search box updates the URL as one types, replacing the entry (Back skips keystrokes).
  const [q, setQ] = useState(query.q ?? "");
  useEffect(() => setQ(query.q ?? ""), [query.q]);
  useEffect(() => {
    if (q.trim() === (query.q ?? "")) return;
    const timer = setTimeout(() => set({ q: q.trim() || undefined }, true), 300);
    return () => clearTimeout(timer);
  }, [q]);

  const input = (key: "utm_source" | "utm_campaign", label: string) => (
    <label class="field">
      <span>{label}</span>
      <input
        type="text"
        value={query[key] ?? ""}
        onChange={(e) => set({ [key]: (e.currentTarget as HTMLInputElement).value.trim() || undefined })}
      />
    </label>
  );
  const date = (key: "from" | "to", label: string) => (
    <label class="field">
      <span>{label}</span>
      <input
        type="date"
        value={query[key] ?? ""}
        onChange={(e) => set({ [key]: (e.currentTarget as HTMLInputElement).value || undefined })}
      />
    </label>
  );

  return (
    <div class="filters">
      <nav class="chips" aria-label={t("inbox.statusChips")}>
        {STATUS_CHIPS.map((chip) => {
          const n = chip === "all" ? total : counts?.[chip];
          return (
            <a
              key={chip}
              class="chip"
              href={href(path, { ...query, status: chip === "new" ? undefined : chip })}
              onClick={follow}
              aria-current={status === chip ? "true" : undefined}
            >
              {t(`status.${chip}`)}
              {n !== undefined && <span class="count">{n}</span>}
            </a>
          );
        })}
      </nav>
      <details class="more-filters" open={FILTER_KEYS.some((k) => k !== "status" && k !== "mine" && query[k])}>
        <summary>{t("inbox.filters")}</summary>
        <div class="filter-fields">
          <label class="field">
            <span>{t("inbox.kind")}</span>
            <select
              value={query.kind ?? ""}
              onChange={(e) => set({ kind: (e.currentTarget as HTMLSelectElement).value || undefined })}
            >
              <option value="">{t("inbox.kindAll")}</option>
              {(["quote", "demo", "contact"] as const).map((kind) => (
                <option key={kind} value={kind}>
                  {t(`kind.${kind}`)}
                </option>
              ))}
            </select>
          </label>
          {date("from", t("inbox.from"))}
          {date("to", t("inbox.to"))}
          {input("utm_source", t("inbox.source"))}
          {input("utm_campaign", t("inbox.campaign"))}
        </div>
      </details>
      <label class="field search">
        <span class="visually-hidden">{t("inbox.q")}</span>
        <input
          type="search"
          value={q}
          placeholder={t("inbox.qPlaceholder")}
          onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <button
        type="button"
        class="toggle"
        aria-pressed={query.mine ? "true" : "false"}
        onClick={() => set({ mine: query.mine ? undefined : "1" })}
      >
        {t("inbox.mine")}
      </button>
      {FILTER_KEYS.some((k) => k !== "status" && query[k]) && (
        <a href={href(path, { status: query.status, open: query.open })} onClick={follow}>
          {t("inbox.clear")}
        </a>
      )}
    </div>
  );
}
