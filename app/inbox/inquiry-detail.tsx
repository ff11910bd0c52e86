import { useEffect, useRef } from "preact/hooks";
import { formatDateTime, formatDay } from "../lib/i18n.ts";
import { follow } from "../lib/router.ts";
import { canFollowUp, type ViewProps } from "../lib/types.ts";
import { useApi } from "../lib/use-api.ts";
import { ErrorBox, Loading } from "../shell/states.tsx";
import { FollowUpForm } from "./follow-up-form.tsx";
import type { HistoryEntry, InquiryDetail, Member } from "./types.ts";

type Touch = InquiryDetail["context"]["attribution"]["first"];

interface DetailProps extends Pick<ViewProps, "site" | "t" | "lang"> {
  id: string;
  members: Member[] | undefined;
  onClose: () => void;
  onSaved: (inquiry: InquiryDetail) => void;
}

/** Where a visit came from, in a few words: UTM source / medium / campaign, else the referrer's host. */
function touchText(touch: Touch, direct: string): string {
  if (!touch) return direct;
  const utm = ["source", "medium", "campaign"].map((k) => touch.utm[k]).filter(Boolean);
  if (utm.length) return utm.join(" / ");
  if (touch.referrer) {
    try {
      return new URL(touch.referrer).host;
    } catch {
      return touch.referrer;
    }
  }
  return direct;
}

/** The visit of the submission itself, for inquiries whose widget kept no last touch. */
const thisVisit = (c: InquiryDetail["context"]): Touch => ({
  landingUrl: c.pageUrl,
  referrer: c.referrer,
  utm: Object.fromEntries(Object.entries(c.utm).filter((e): e is [string, string] => e[1] !== null)),
  at: null,
});

/** One inquiry: who, what they read before, the message, where they came from, follow-up and its history. */
export function InquiryDetailPane({ id, site, t, lang, members, onClose, onSaved }: DetailProps) {
  const detail = useApi<InquiryDetail>(`/v1/inquiries/${encodeURIComponent(id)}`);
  const heading = useRef<HTMLHeadingElement>(null);
  const zone = site.timeZone;
  // Opening moves focus into the pane (keyboard and screen-reader users land on what they opened).
  useEffect(() => {
    if (detail.data) heading.current?.focus();
  }, [id, !!detail.data]);

  const close = (
    <button type="button" class="close" onClick={onClose} aria-label={t("detail.close")}>
      ×
    </button>
  );
  if (!detail.data)
    return (
      <div class="detail-body">
        {close}
        {detail.error ? <ErrorBox t={t} error={detail.error} retry={detail.reload} /> : <Loading t={t} />}
      </div>
    );
  const d = detail.data;
  const who = d.contact.name ?? d.contact.email;
  const kind = t(`kind.${d.kind}`);
  const save = (updated: InquiryDetail) => {
    detail.setData(updated);
    onSaved(updated);
  };

  const historyWho = (h: HistoryEntry) =>
    h.member
      ? (h.member.name ?? h.member.email)
      : h.key
        ? t("detail.apiKey", { name: h.key.name ?? h.key.id })
        : h.rule
          ? t("detail.byRule", { n: String(h.rule.number) })
          : t("detail.unknownMember");
  const historyValue = (h: HistoryEntry, value: string | null) =>
    value === null ? t("detail.empty") : h.field === "status" ? t(`status.${value as "new"}`) : value;

  return (
    <article class="detail-body" aria-labelledby="detail-title" data-inquiry={d.id}>
      {close}
      <h2 id="detail-title" tabIndex={-1} ref={heading}>
        {kind} · {who}
      </h2>
      <p class="detail-meta">
        <a href={`mailto:${d.contact.email}`}>{d.contact.email}</a>
        {d.contact.company && <span> · {d.contact.company}</span>}
        <span class={`grade grade-${d.contact.grade}`}> · {t(`grade.${d.contact.grade}`)}</span>
        <span> · {formatDateTime(d.createdAt, lang, zone, true)}</span>
        <span class={`status status-${d.status}`}> · {t(`status.${d.status}`)}</span>
      </p>

      <section aria-labelledby="detail-message">
        <h3 id="detail-message">{t("detail.message")}</h3>
        <p class="message">{d.message}</p>
        {d.preferredTime && (
          <p>
            {t("detail.preferredTime")}: {d.preferredTime}
          </p>
        )}
      </section>

      <section aria-labelledby="detail-timeline">
        <h3 id="detail-timeline">{t("detail.timeline")}</h3>
        <ol class="timeline">
          {d.timeline.map((entry) => (
            <li key={`${entry.type}-${entry.id}`} class={entry.id === d.id ? "current" : undefined}>
              <span class="when">{formatDay(entry.at, lang, zone)}</span>{" "}
              {entry.type === "lead"
                ? t("detail.downloaded", { resource: entry.resourceId })
                : `${t(entry.id === d.id ? "detail.thisOne" : "detail.earlier", { kind: t(`kind.${entry.kind}`) })} · ${t(`status.${entry.status}`)}`}
            </li>
          ))}
        </ol>
        <p>
          <a href={`/app/contacts/${encodeURIComponent(d.contact.id)}`} onClick={follow}>
            {t("detail.contactPage")}
          </a>
        </p>
      </section>

      <section aria-labelledby="detail-attribution">
        <h3 id="detail-attribution">{t("detail.attribution")}</h3>
        <dl class="pairs">
          <dt>{t("detail.firstTouch")}</dt>
          <dd>{touchText(d.context.attribution.first, t("detail.direct"))}</dd>
          <dt>{t("detail.lastTouch")}</dt>
          <dd>{touchText(d.context.attribution.last ?? thisVisit(d.context), t("detail.direct"))}</dd>
          <dt>{t("detail.page")}</dt>
          <dd class="url">{d.context.pageUrl}</dd>
        </dl>
      </section>

      {canFollowUp(site.role) ? (
        <FollowUpForm inquiry={d} members={members} t={t} onSaved={save} />
      ) : (
        <p class="read-only">{t("detail.readOnly")}</p>
      )}

      <section aria-labelledby="detail-history">
        <h3 id="detail-history">{t("detail.history")}</h3>
        {d.history.length === 0 ? (
          <p class="muted">{t("detail.noHistory")}</p>
        ) : (
          <ol class="history">
            {d.history.map((h, i) => (
              <li key={`${h.at}-${h.field}-${i}`}>
                <span class="when">{formatDateTime(h.at, lang, zone)}</span> <strong>{historyWho(h)}</strong>{" "}
                {t(`detail.field.${h.field}`)}: {historyValue(h, h.from)} → {historyValue(h, h.to)}
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
