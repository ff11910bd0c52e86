// The settings page's mail log (admins; loaded on first use): each mail the site sent or tried
// to send, newest first, filtered by status and kind (in the URL: ?mailStatus=&mailKind=), 50 a
// page by `before` = the last row's createdAt (GET /v1/mail-log).
import { useState } from "preact/hooks";
import type { MailLogEntry } from "../../../shared/autoreply.ts";
import { formatDateTime, viewWords } from "../../lib/i18n.ts";
import type { ViewProps } from "../../lib/types.ts";
import { type Paging, usePages } from "../../lib/use-pages.ts";
import { ErrorBox, Loading } from "../../shell/states.tsx";
import { ListFooter } from "../people/list-parts.tsx";
import { TableWrap } from "../table-wrap.tsx";
import { SelectField } from "./mail-field.tsx";
import { MAIL_WORDS, type MailWords } from "./mail-words.ts";
import "./mail.css";

const LIMIT = 50;
const STATUSES = ["sent", "failed", "suppressed", "capped", "retry", "pending", "sending"] as const;
const KINDS = ["autoreply", "download_link", "sign_in", "team_inquiry", "digest"] as const;
/** The filters: URL parameter, its values, the prefix of their words. */
const FILTERS = [
  ["mailStatus", STATUSES, "status_"],
  ["mailKind", KINDS, "mail_"],
] as const;

// A page shorter than asked is the last; otherwise the next one starts before its last row.
const BEFORE: Paging<MailLogEntry> = {
  param: "before",
  next: (page) => (page.data.length < LIMIT ? null : page.data[page.data.length - 1]!.createdAt),
};

/** The word for a status or kind (`status_sent`); a kind this page does not know yet as it is. */
const word = (w: MailWords, prefix: "status_" | "mail_", value: string) =>
  (w as Record<string, string>)[`${prefix}${value}`] ?? value;

export default function MailLogSection({ site, lang, t, query, route, navigate }: ViewProps) {
  const w = viewWords(lang, MAIL_WORDS);
  const [round, setRound] = useState(0);
  return (
    <section aria-labelledby="settings-mail-log" data-settings="mail-log">
      <h2 id="settings-mail-log">{w.mailLog}</h2>
      <p class="muted">{w.mailLogHow}</p>
      <div class="toolbar">
        {FILTERS.map(([name, values, prefix]) => (
          <SelectField
            key={name}
            id={`mail-log-${name}`}
            name={name}
            label={prefix === "status_" ? w.status : w.kind}
            value={query[name] ?? ""}
            options={[["", w.all], ...values.map((v): [string, string] => [v, word(w, prefix, v)])]}
            onChange={(value) => navigate(route.path, { ...query, [name]: value })}
          />
        ))}
        <button type="button" onClick={() => setRound((r) => r + 1)}>
          {w.refresh}
        </button>
      </div>
      <MailTable
        key={round}
        status={query.mailStatus}
        kind={query.mailKind}
        timeZone={site.timeZone}
        lang={lang}
        t={t}
        w={w}
      />
    </section>
  );
}

interface TableProps extends Pick<ViewProps, "lang" | "t"> {
  status: string | undefined;
  kind: string | undefined;
  timeZone: string;
  w: MailWords;
}

function MailTable({ status, kind, timeZone, lang, t, w }: TableProps) {
  const pages = usePages<MailLogEntry>("/v1/mail-log", { status, kind, limit: LIMIT }, BEFORE);
  if (pages.loading) return <Loading t={t} />;
  if (pages.error && pages.rows.length === 0) return <ErrorBox t={t} error={pages.error} retry={pages.retry} />;
  if (pages.rows.length === 0) return <p class="empty">{status || kind ? w.noMailFiltered : w.noMail}</p>;
  return (
    <>
      <TableWrap label={w.mailLogTable}>
        <table data-mail-log>
          <thead>
            <tr>
              {[w.when, w.kind, w.recipient, w.subject, w.status, w.attempts, w.error].map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {pages.rows.map((m) => (
              <tr key={m.id} data-mail={m.id} data-status={m.status} data-kind={m.kind}>
                <td class="left">{formatDateTime(m.createdAt, lang, timeZone)}</td>
                <td class="left">{word(w, "mail_", m.kind)}</td>
                <td class="left" data-to>
                  {m.to}
                </td>
                <td class="left">{m.subject}</td>
                <td class="left">
                  <span class={`mail-status mail-${m.status}`}>{word(w, "status_", m.status)}</span>
                </td>
                <td>{m.attempts}</td>
                <td class="left">{[m.lastCode, m.lastError].filter(Boolean).join(": ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <ListFooter pages={pages} w={w} t={t} />
    </>
  );
}
