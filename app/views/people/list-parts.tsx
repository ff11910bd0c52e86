// What the leads and contacts lists share below their table: the count, "show more", the states.
import type { ComponentChildren } from "preact";
import { type T, viewWords } from "../../lib/i18n.ts";
import { follow } from "../../lib/router.ts";
import type { ViewProps } from "../../lib/types.ts";
import { type Pages, usePages } from "../../lib/use-pages.ts";
import { ErrorBox, Loading } from "../../shell/states.tsx";
import { fill } from "../fill.ts";
import { TableWrap } from "../table-wrap.tsx";
import { apiFilters, type FilterName, Filters } from "./filters.tsx";
import { PEOPLE_WORDS, type PeopleWords } from "./words.ts";

/** "確認済み" / "Verified" beside a person whose address was proven by a mailed link (its time on hover). */
export function VerifiedBadge({ at, w, when }: { at: string | null; w: PeopleWords; when: (at: string) => string }) {
  if (!at) return null;
  return (
    <span class="verified" title={fill(w.verifiedAt, { at: when(at) })} data-verified>
      {w.verified}
    </span>
  );
}

interface ListProps<R> {
  pages: Pages<R>;
  /** Some filter is set: an empty list means "nothing matches", not "nothing yet". */
  filtered: boolean;
  empty: { filtered: string; none: string };
  w: PeopleWords;
  t: T;
  children: ComponentChildren;
}

/** The table (children) once the first page is there, or the loading, error or empty state. */
export function PagedList<R>({ pages, filtered, empty, w, t, children }: ListProps<R>) {
  if (pages.loading) return <Loading t={t} />;
  if (pages.error && pages.rows.length === 0) return <ErrorBox t={t} error={pages.error} retry={pages.retry} />;
  // Nothing found yet but the list goes on (a rare filter's short pages): the footer offers more.
  if (pages.rows.length === 0 && !pages.hasMore)
    return (
      <div class="empty" data-empty>
        <p>{filtered ? empty.filtered : empty.none}</p>
        {!filtered && (
          <p>
            <a href="/app/install" onClick={follow}>
              {w.toInstall}
            </a>
          </p>
        )}
      </div>
    );
  return (
    <>
      {children}
      <ListFooter pages={pages} w={w} t={t} />
    </>
  );
}

/** Under a paged table: how many rows are shown, a failure of the next page, "show more". */
export function ListFooter<R>({
  pages,
  w,
  t,
}: {
  pages: Pages<R>;
  w: { count: string; more: string; loadingMore: string };
  t: T;
}) {
  return (
    <p class="list-footer">
      <span class="muted" role="status">
        {fill(w.count, { n: pages.rows.length })}
      </span>{" "}
      {pages.error && <ErrorBox t={t} error={pages.error} retry={pages.retry} />}
      {pages.hasMore && (
        <button type="button" onClick={pages.more}>
          {w.more}
        </button>
      )}
      {pages.loadingMore && <span class="muted">{w.loadingMore}</span>}
    </p>
  );
}

interface PeopleListProps<R> {
  name: "leads" | "contacts";
  /** The list endpoint (cursor-paged). */
  path: string;
  fields: FilterName[];
  view: ViewProps;
  columns: (w: PeopleWords) => string[];
  /** One row (<tr>) of the table. */
  row: (record: R, w: PeopleWords) => ComponentChildren;
}

/** A list view of people's records: filters in the URL, the table, "show more", the states. */
export function PeopleList<R>({ name, path, fields, view, columns, row }: PeopleListProps<R>) {
  const { query, navigate, route, lang, t } = view;
  const w = viewWords(lang, PEOPLE_WORDS);
  const filters = apiFilters(query, fields);
  const pages = usePages<R>(path, { ...filters, limit: 50 });
  const words =
    name === "leads"
      ? { title: w.leadsTitle, table: w.leadsTable, filtered: w.noLeads, none: w.noLeadsAtAll }
      : { title: w.contactsTitle, table: w.contactsTable, filtered: w.noContacts, none: w.noContactsAtAll };
  return (
    <section class="view" data-view={name} aria-labelledby="view-title">
      <h1 id="view-title">{words.title}</h1>
      <Filters fields={fields} query={query} apply={(q) => navigate(route.path, q)} w={w} t={t} />
      <PagedList pages={pages} filtered={Object.keys(filters).length > 0} empty={words} w={w} t={t}>
        <TableWrap label={words.table}>
          <table data-list={name}>
            <thead>
              <tr>
                {columns(w).map((c) => (
                  <th scope="col">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>{pages.rows.map((r) => row(r, w))}</tbody>
          </table>
        </TableWrap>
      </PagedList>
    </section>
  );
}
