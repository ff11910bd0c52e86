// KPI (/app/kpi?days=30&by=day): leads and inquiries as two series, each beside the same range
// one period earlier (two GET /v1/stats calls), the single figures, the top lists, CSV exports,
// and the forms panel (funnels and where people give up, from GET /v1/forms/stats).
import { useState } from "preact/hooks";
import type { StatsResponse } from "../../shared/stats.ts";
import { formatDay, viewWords } from "../lib/i18n.ts";
import { follow, href } from "../lib/router.ts";
import type { ViewProps } from "../lib/types.ts";
import { downloadCsv } from "./download-csv.ts";
import { fill } from "./fill.ts";
import { ComparedState, useCompared } from "./kpi/compared.tsx";
import { Figures, Ranking } from "./kpi/figures.tsx";
import { FormsPanel } from "./kpi/forms-panel.tsx";
import { comparedRanges, type Interval, localDate, PERIOD_DAYS } from "./kpi/period.ts";
import { Series } from "./kpi/series.tsx";
import { KPI_WORDS } from "./kpi/words.ts";
import "./views.css";
import "./kpi/kpi.css";

export default function KpiView({ site, query, navigate, lang, route, t }: ViewProps) {
  const w = viewWords(lang, KPI_WORDS);
  const days = PERIOD_DAYS.find((d) => String(d) === query.days) ?? 30;
  const interval: Interval = query.by === "week" ? "week" : "day";
  const tz = site.timeZone;
  const { current, previous } = comparedRanges(days, interval, localDate(tz, Date.now()));
  const stats = useCompared<StatsResponse>("/v1/stats", current, previous, { interval, tz });
  const now = stats.now;
  const [csvError, setCsvError] = useState<string | null>(null);

  const set = (change: { days?: string; by?: string }) =>
    navigate(route.path, { days: String(days), by: interval, ...change }, { replace: true });

  const csv = async (kind: "inquiries" | "leads") => {
    if (!now.data) return;
    setCsvError(null);
    const range = { from: now.data.from, to: now.data.to, tz };
    const name = `hikiai-${kind}-${current.from}-${current.to}.csv`;
    const problem = await downloadCsv(site.siteKey, `/v1/export/${kind}.csv`, range, name);
    if (problem) setCsvError(fill(w.csvFailed, { reason: problem === "network" ? w.network : problem }));
  };

  const data = stats.both;
  const empty = data && data.current.totals.leads === 0 && data.current.totals.inquiries.total === 0;
  return (
    <section class="view kpi" data-view="kpi" aria-labelledby="view-title">
      <h1 id="view-title">{w.title}</h1>
      <div class="toolbar">
        <label>
          {w.period}{" "}
          <select value={String(days)} onChange={(e) => set({ days: (e.currentTarget as HTMLSelectElement).value })}>
            {PERIOD_DAYS.map((d) => (
              <option value={String(d)}>{w[`days${d}`]}</option>
            ))}
          </select>
        </label>
        <fieldset class="segmented">
          <legend class="visually-hidden">{w.interval}</legend>
          {(["day", "week"] as const).map((by) => (
            <label>
              <input type="radio" name="kpi-by" value={by} checked={interval === by} onChange={() => set({ by })} />
              {w[by]}
            </label>
          ))}
        </fieldset>
        <span class="kpi-range" data-kpi-range={`${current.from}/${current.to}`}>
          {fill(w.range, {
            from: formatDay(`${current.from}T12:00:00Z`, lang, "UTC"),
            to: formatDay(`${current.to}T12:00:00Z`, lang, "UTC"),
          })}
        </span>
        <span class="toolbar-end">
          <button type="button" onClick={() => csv("inquiries")} disabled={!now.data}>
            {w.csvInquiries}
          </button>
          <button type="button" onClick={() => csv("leads")} disabled={!now.data}>
            {w.csvLeads}
          </button>
        </span>
      </div>
      {csvError && (
        <p class="state state-error" role="alert">
          {csvError}
        </p>
      )}
      <ComparedState t={t} state={stats} />
      {data && empty && (
        <div class="empty" data-empty>
          <p>{w.empty}</p>
          <p>
            {w.emptyNext}{" "}
            <a href="/app/install" onClick={follow}>
              {w.toInstall}
            </a>
          </p>
        </div>
      )}
      {data && (
        <>
          <div class="kpi-charts">
            <Series name="leads" {...data} w={w} lang={lang} />
            <Series name="inquiries" {...data} w={w} lang={lang} />
          </div>
          <Figures {...data} w={w} lang={lang} />
          <div class="kpi-rankings">
            <Ranking
              kind="resources"
              title={w.topResources}
              column={w.resource}
              w={w}
              rows={(data.current.topResources as { resourceId: string; inquiries: number }[]).map((r) => ({
                name: r.resourceId,
                inquiries: r.inquiries,
                link: href("/app/inbox", { resource: r.resourceId }),
              }))}
            />
            <Ranking
              kind="campaigns"
              title={w.topCampaigns}
              column={w.campaign}
              w={w}
              rows={(data.current.topCampaigns as { campaign: string; inquiries: number }[]).map((r) => ({
                name: r.campaign,
                inquiries: r.inquiries,
                link: href("/app/inbox", { utm_campaign: r.campaign }),
              }))}
            />
          </div>
        </>
      )}
      <FormsPanel current={current} previous={previous} interval={interval} tz={tz} lang={lang} t={t} />
    </section>
  );
}
