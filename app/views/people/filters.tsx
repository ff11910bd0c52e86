// The filter bar of the leads and contacts lists. The URL holds the filters: applying them
// navigates, so a filtered list can be shared and Back returns to the previous filters.
import type { Grade } from "../../../shared/team-queries.ts";
import type { T } from "../../lib/i18n.ts";
import type { Query } from "../../lib/router.ts";
import type { PeopleWords } from "./words.ts";

/** Query parameter → the API's: `source` is `utm_source`, the others are the same. */
export type FilterName = "grade" | "verified" | "resource" | "source" | "q";

interface FiltersProps {
  fields: FilterName[];
  query: Query;
  apply: (query: Query) => void;
  w: PeopleWords;
  t: T;
}

const LABELS = { resource: "resource", source: "source", q: "search" } as const;
// Hottest first; a value import of shared/team-queries.ts would bundle zod into the view.
const GRADES: Grade[] = ["hot", "warm", "cold"];

/** A filter chosen from a list: applied as soon as it changes. */
function Choice(props: { name: FilterName; label: string; value: string; options: [string, string][] }) {
  return (
    <label>
      <span class="visually-hidden">{props.label}</span>
      <select
        name={props.name}
        value={props.value}
        onChange={(e) => (e.currentTarget as HTMLSelectElement).form!.requestSubmit()}
      >
        {props.options.map(([value, text]) => (
          <option value={value}>{text}</option>
        ))}
      </select>
    </label>
  );
}

export function Filters({ fields, query, apply, w, t }: FiltersProps) {
  const submit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const next: Query = {};
    for (const name of fields) {
      const value = String(data.get(name) ?? "").trim();
      if (value) next[name] = value;
    }
    apply(next);
  };
  return (
    <form class="toolbar filters" aria-label={w.filters} onSubmit={submit}>
      {fields.includes("grade") && (
        <Choice
          name="grade"
          label={w.grade}
          value={query.grade ?? ""}
          options={[["", w.gradeAll], ...GRADES.map((g): [string, string] => [g, t(`grade.${g}`)])]}
        />
      )}
      {fields.includes("verified") && (
        <Choice
          name="verified"
          label={w.verifiedFilter}
          value={query.verified ?? ""}
          options={[
            ["", w.verifiedAny],
            ["true", w.verifiedOnly],
            ["false", w.unverifiedOnly],
          ]}
        />
      )}
      {fields
        .filter((f): f is keyof typeof LABELS => f in LABELS)
        .map((name) => (
          <label>
            <span class="visually-hidden">{w[LABELS[name]]}</span>
            <input
              name={name}
              type="search"
              placeholder={w[LABELS[name]]}
              defaultValue={query[name] ?? ""}
              key={`${name}=${query[name] ?? ""}`}
            />
          </label>
        ))}
      <button type="submit">{w.apply}</button>
      {fields.some((f) => query[f]) && (
        <button type="button" onClick={() => apply({})}>
          {w.clear}
        </button>
      )}
    </form>
  );
}

/** The list API's query from the URL's filters. */
export function apiFilters(query: Query, fields: FilterName[]) {
  const out: Record<string, string> = {};
  for (const name of fields) if (query[name]) out[name === "source" ? "utm_source" : name] = query[name]!;
  return out;
}
