import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { formatAge, formatDay } from "../lib/i18n.ts";
import { follow, href } from "../lib/router.ts";
import { canFollowUp, type ViewProps } from "../lib/types.ts";
import { useApi } from "../lib/use-api.ts";
import { ErrorBox, Loading } from "../shell/states.tsx";
import { FilterBar } from "./filter-bar.tsx";
import { listQuery } from "./filters.ts";
import { InquiryDetailPane } from "./inquiry-detail.tsx";
import { isStalled } from "./stall.ts";
import type { InquiryDetail, Member } from "./types.ts";
import { useInquiryList } from "./use-inquiry-list.ts";

/** Typing in these never moves through the list. */
const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/** The inbox (/app, /app/inbox): inquiries newest first, filters in the URL, the open one beside (or over, when narrow). */
export function InboxView({ site, me, route, query, navigate, t, lang }: ViewProps) {
  const apiQuery = useMemo(
    () => listQuery(query, site.timeZone, me.member.email),
    [JSON.stringify(query), site.timeZone, me.member.email],
  );
  const list = useInquiryList(apiQuery);
  const counts = useApi<{ byStatus: Record<string, number> }>("/v1/inquiries/counts");
  const settings = useApi<{ stallAfterMinutes: number }>("/v1/notification-settings");
  const members = useApi<{ data: Member[] }>(canFollowUp(site.role) ? "/v1/members" : null);
  const [now, setNow] = useState(Date.now);
  const listRef = useRef<HTMLOListElement>(null);
  const openId = query.open;

  // Ages move on while the inbox stays open.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const path = route.path;
  const open = (id: string | undefined) => navigate(path, { ...query, open: id });
  const rowLink = (id: string) =>
    listRef.current?.querySelector<HTMLAnchorElement>(`[data-inbox-row="${CSS.escape(id)}"] a`);
  const close = () => {
    const id = openId;
    open(undefined);
    // Back to the same row: keyboard users continue where they were.
    if (id) requestAnimationFrame(() => rowLink(id)?.focus());
  };

  // j/k move through the rows (focus follows, so Enter opens), Escape closes the open inquiry.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === "Escape" && openId && !(event.target instanceof HTMLSelectElement)) {
        event.preventDefault();
        close();
        return;
      }
      if ((event.key !== "j" && event.key !== "k") || typing(event.target)) return;
      const links = [...(listRef.current?.querySelectorAll<HTMLAnchorElement>("[data-inbox-row] a") ?? [])];
      if (!links.length) return;
      event.preventDefault();
      const at = links.indexOf(document.activeElement as HTMLAnchorElement);
      const fallback = links.findIndex((a) => a.closest("[data-inbox-row]")?.getAttribute("data-inbox-row") === openId);
      const from = at >= 0 ? at : fallback;
      const to = from < 0 ? 0 : Math.min(links.length - 1, Math.max(0, from + (event.key === "j" ? 1 : -1)));
      links[to]!.focus();
      links[to]!.scrollIntoView({ block: "nearest" });
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  });

  const stallMinutes = settings.data?.stallAfterMinutes;
  const onSaved = (updated: InquiryDetail) => {
    list.replace(updated);
    counts.reload();
  };
  const total = counts.data && Object.values(counts.data.byStatus).reduce((a, b) => a + b, 0);

  if (total === 0)
    return (
      <section class="inbox inbox-empty" data-view="inbox" aria-labelledby="inbox-title">
        <h1 id="inbox-title">{t("inbox.emptyTitle")}</h1>
        <p>{t("inbox.emptyBody")}</p>
        <p>
          <a class="button primary" href="/app/install" onClick={follow}>
            {t("inbox.emptyLink")}
          </a>
        </p>
      </section>
    );

  return (
    <section class={`inbox${openId ? " has-detail" : ""}`} data-view="inbox" aria-labelledby="inbox-title">
      <div class="inbox-list">
        <h1 id="inbox-title" class="visually-hidden">
          {t("inbox.title")}
        </h1>
        <FilterBar query={query} path={path} navigate={navigate} t={t} counts={counts.data?.byStatus} />
        <p class="hint" id="inbox-keys">
          {t("inbox.keys")}
        </p>
        {list.error && <ErrorBox t={t} error={list.error} retry={list.reload} />}
        {list.loading ? (
          <Loading t={t} />
        ) : (
          <>
            {list.rows.length === 0 && !list.error && !list.hasMore && <p class="state">{t("inbox.none")}</p>}
            <ol class="rows" ref={listRef} aria-label={t("inbox.list")} aria-describedby="inbox-keys">
              {list.rows.map((inquiry) => {
                const created = Date.parse(inquiry.createdAt);
                const stalled =
                  inquiry.status === "new" && isStalled(created, now, site.timeZone, stallMinutes ?? undefined);
                return (
                  <li
                    key={inquiry.id}
                    data-inbox-row={inquiry.id}
                    class={`row${inquiry.id === openId ? " open" : ""}${inquiry.status === "new" ? " unanswered" : ""}`}
                  >
                    <a
                      class="row-link"
                      href={href(path, { ...query, open: inquiry.id })}
                      onClick={follow}
                      aria-current={inquiry.id === openId ? "true" : undefined}
                    >
                      <span class={`status-dot status-${inquiry.status}`} aria-hidden="true" />
                      <span class="kind">{t(`kind.${inquiry.kind}`)}</span>
                      <span class="who">
                        {inquiry.contact.name ?? inquiry.contact.email}
                        {inquiry.contact.company && <span class="company"> ({inquiry.contact.company})</span>}
                      </span>
                      <span class="row-status">{t(`status.${inquiry.status}`)}</span>
                      <span class={`age${stalled ? " stalled" : ""}`}>
                        {inquiry.status === "new"
                          ? formatAge(now - created, t)
                          : formatDay(created, lang, site.timeZone)}
                        {stalled && <span class="stall-mark"> ⚠ {t("inbox.stalled")}</span>}
                      </span>
                      {inquiry.assignee && <span class="assignee">{inquiry.assignee}</span>}
                    </a>
                  </li>
                );
              })}
            </ol>
            {list.hasMore && (
              <button type="button" class="more" onClick={list.more} disabled={list.loadingMore}>
                {list.loadingMore ? t("state.loading") : t("inbox.more")}
              </button>
            )}
          </>
        )}
      </div>
      <div class="inbox-detail">
        {openId ? (
          <InquiryDetailPane
            key={openId}
            id={openId}
            site={site}
            t={t}
            lang={lang}
            members={members.data?.data}
            onClose={close}
            onSaved={onSaved}
          />
        ) : (
          <p class="state select-hint">{t("inbox.select")}</p>
        )}
      </div>
    </section>
  );
}
