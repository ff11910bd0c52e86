// The KPI view's single figures: conversion, first response, verified leads, unanswered after 24 h (a link to
// the inbox's new inquiries), and the resources and campaigns that led to inquiries.
import type { StatsResponse } from "../../../shared/stats.ts";
import { follow, href } from "../../lib/router.ts";
import { fill } from "../fill.ts";
import { formatDays, formatMinutes, formatRate, type Lang } from "./format.ts";
import type { KpiWords } from "./words.ts";

interface FiguresProps {
  current: StatsResponse;
  previous: StatsResponse;
  w: KpiWords;
  lang: Lang;
}

export function Figures({ current, previous, w, lang }: FiguresProps) {
  const { conversion, firstResponse } = current;
  const before = (text: string) => (
    <span class="kpi-before">
      {w.previous}: {text}
    </span>
  );
  return (
    <dl class="kpi-figures">
      <div data-kpi-figure="conversion">
        <dt>{w.conversion}</dt>
        <dd>
          <strong>{formatRate(conversion.rate)}</strong>{" "}
          {fill(w.conversionOf, { converted: conversion.converted, contacts: conversion.contacts })}
          <br />
          {w.medianDays}: {formatDays(conversion.medianDays, lang)}
          {before(formatRate(previous.conversion.rate))}
        </dd>
      </div>
      <div data-kpi-figure="first-response">
        <dt>{w.firstResponse}</dt>
        <dd>
          {w.median} <strong>{formatMinutes(firstResponse.medianMinutes, lang)}</strong> · {w.p90}{" "}
          {formatMinutes(firstResponse.p90Minutes, lang)}
          <br />
          {fill(w.responded, { n: firstResponse.responded })}
          {before(formatMinutes(previous.firstResponse.medianMinutes, lang))}
        </dd>
      </div>
      <div data-kpi-figure="verified">
        <dt>{w.verifiedLeads}</dt>
        <dd>
          <strong>{current.totals.verifiedLeads}</strong> {fill(w.verifiedOf, { n: current.totals.leads })}
          {before(String(previous.totals.verifiedLeads))}
        </dd>
      </div>
      <div data-kpi-figure="unanswered">
        <dt>{w.unanswered}</dt>
        <dd>
          <strong class={current.unansweredAfter24h > 0 ? "kpi-alert" : undefined}>{current.unansweredAfter24h}</strong>{" "}
          <a href={href("/app/inbox", { status: "new", sort: "oldest" })} onClick={follow}>
            {w.toInbox}
          </a>
        </dd>
      </div>
    </dl>
  );
}

interface RankingProps {
  title: string;
  column: string;
  rows: { name: string; inquiries: number; link: string }[];
  w: KpiWords;
  kind: "resources" | "campaigns";
}

/** A top list as a small table: what, how many inquiries, each linking to the inquiries it counts. */
export function Ranking({ title, column, rows, w, kind }: RankingProps) {
  const id = `kpi-top-${kind}`;
  return (
    <section class="kpi-ranking" aria-labelledby={id} data-kpi-top={kind}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p class="state">{w.none}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{column}</th>
              <th scope="col">{w.inquiries}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  <a href={r.link} onClick={follow}>
                    {r.name}
                  </a>
                </th>
                <td>{r.inquiries}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
