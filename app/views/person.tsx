// A person's page (/app/contacts/:id): who they are, their grade now, and their whole timeline
// (downloads and inquiries, oldest first) with where each came from.
import type * as z from "zod/mini";
import type { EventContextSchema } from "../../shared/api.ts";
import type { ContactDetailSchema } from "../../shared/api-team.ts";
import { formatDateTime, viewWords } from "../lib/i18n.ts";
import { follow, href } from "../lib/router.ts";
import type { ViewProps } from "../lib/types.ts";
import { useApi } from "../lib/use-api.ts";
import { ErrorBox, Loading } from "../shell/states.tsx";
import { fill } from "./fill.ts";
import { VerifiedBadge } from "./people/list-parts.tsx";
import { PEOPLE_WORDS, type PeopleWords } from "./people/words.ts";
import "./views.css";

type ContactDetail = z.infer<typeof ContactDetailSchema>;
type EventContext = z.infer<typeof EventContextSchema>;

/** "newsletter / winter", else the referrer's host, else "direct". */
function sourceOf(context: EventContext, w: PeopleWords) {
  const utm = [context.utm.source, context.utm.campaign].filter(Boolean).join(" / ");
  if (utm) return utm;
  if (context.referrer) {
    try {
      return new URL(context.referrer).host;
    } catch {
      return context.referrer;
    }
  }
  return w.direct;
}

export default function PersonView({ site, params, lang, t }: ViewProps) {
  const w = viewWords(lang, PEOPLE_WORDS);
  const contact = useApi<ContactDetail>(`/v1/contacts/${encodeURIComponent(params.id ?? "")}`);
  const back = (
    <p>
      <a href="/app/contacts" onClick={follow}>
        ← {w.back}
      </a>
    </p>
  );
  if (contact.error?.status === 404)
    return (
      <section class="view" data-view="person" aria-labelledby="view-title">
        {back}
        <h1 id="view-title">{w.contactsTitle}</h1>
        <p class="empty">{w.notFound}</p>
      </section>
    );
  const c = contact.data;
  const when = (at: string) => formatDateTime(at, lang, site.timeZone);
  const timeline = c
    ? [
        ...c.leads.map((lead) => ({ at: lead.firstDownloadAt, lead, inquiry: undefined })),
        ...c.inquiries.map((inquiry) => ({ at: inquiry.createdAt, lead: undefined, inquiry })),
      ].sort((a, b) => a.at.localeCompare(b.at))
    : [];
  return (
    <section class="view person" data-view="person" aria-labelledby="view-title">
      {back}
      {contact.error && <ErrorBox t={t} error={contact.error} retry={contact.reload} />}
      {!c && !contact.error && <Loading t={t} />}
      {c && (
        <>
          <h1 id="view-title">
            {c.name ?? c.email} <span class={`grade grade-${c.grade}`}>{t(`grade.${c.grade}`)}</span>{" "}
            <VerifiedBadge at={c.verifiedAt} w={w} when={when} />
          </h1>
          <dl class="facts">
            <div>
              <dt>{w.email}</dt>
              <dd>
                <a href={`mailto:${c.email}`}>{c.email}</a>
              </dd>
            </div>
            {c.company && (
              <div>
                <dt>{w.company}</dt>
                <dd>{c.company}</dd>
              </div>
            )}
            <div>
              <dt>{w.since}</dt>
              <dd>{when(c.createdAt)}</dd>
            </div>
          </dl>
          <h2>{w.timeline}</h2>
          {timeline.length === 0 ? (
            <p class="empty">{w.emptyTimeline}</p>
          ) : (
            <ol class="timeline" data-timeline>
              {timeline.map(({ at, lead, inquiry }) => (
                <li key={lead?.id ?? inquiry?.id} data-entry={lead ? "lead" : "inquiry"}>
                  <time dateTime={at}>{when(at)}</time>
                  {lead && (
                    <p>
                      <strong>{fill(w.downloaded, { resource: lead.resourceId })}</strong>
                      {lead.downloadCount > 1 && <> ({fill(w.times, { n: lead.downloadCount })})</>}{" "}
                      <VerifiedBadge at={lead.downloadedAt} w={w} when={when} />
                    </p>
                  )}
                  {inquiry && (
                    <>
                      <p>
                        <strong>
                          <a href={href("/app/inbox", { id: inquiry.id })} onClick={follow}>
                            {t(`kind.${inquiry.kind}`)}
                          </a>
                        </strong>{" "}
                        <span class={`status status-${inquiry.status}`}>{t(`status.${inquiry.status}`)}</span>
                      </p>
                      {inquiry.message && <blockquote>{inquiry.message}</blockquote>}
                    </>
                  )}
                  <p class="muted">
                    {w.source}: {sourceOf((lead ?? inquiry)!.context, w)} · {w.page}:{" "}
                    {(lead ?? inquiry)!.context.pageUrl}
                  </p>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
