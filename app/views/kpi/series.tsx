// One KPI series (leads, or inquiries by kind): its chart with the previous period dashed, and
// the same numbers as a table under it, for copying into reports.
import type { StatsResponse } from "../../../shared/stats.ts";
import { fill } from "../fill.ts";
import { TableWrap } from "../table-wrap.tsx";
import { Chart } from "./chart.tsx";
import { formatBucket, formatChange, formatCount, type Lang } from "./format.ts";
import { percentChange } from "./period.ts";
import type { KpiWords } from "./words.ts";

type Bucket = StatsResponse["buckets"][number];

export interface SeriesProps {
  name: "leads" | "inquiries";
  current: StatsResponse;
  previous: StatsResponse;
  w: KpiWords;
  lang: Lang;
}

const KINDS = ["demo", "quote", "contact"] as const;

/** The bar parts of a bucket: leads alone; inquiries stacked demo, quote, contact. */
const partsOf = (name: SeriesProps["name"], b: Bucket) =>
  name === "leads" ? [b.leads] : KINDS.map((k) => b.inquiries[k]);
const totalOf = (name: SeriesProps["name"], b: Bucket) => (name === "leads" ? b.leads : b.inquiries.total);

export function Series({ name, current, previous, w, lang }: SeriesProps) {
  const what = w[name];
  const total = name === "leads" ? current.totals.leads : current.totals.inquiries.total;
  const before = name === "leads" ? previous.totals.leads : previous.totals.inquiries.total;
  const label = (b: Bucket | undefined) => (b ? formatBucket(b.date, current.interval, lang) : "");
  const buckets = current.buckets;
  const id = `kpi-${name}`;
  return (
    <section class="kpi-series" aria-labelledby={id} data-kpi-series={name}>
      <h2 id={id}>
        {what}{" "}
        <span class="kpi-total">
          <strong data-kpi-total>{formatCount(total)}</strong> ({fill(w.previousShort, { n: formatCount(before) })},{" "}
          {formatChange(percentChange(total, before))})
        </span>
      </h2>
      <Chart
        label={fill(w.chartLabel, { what, n: total, p: before })}
        stacks={buckets.map((b) => partsOf(name, b))}
        previous={previous.buckets.map((b) => totalOf(name, b))}
        first={label(buckets[0])}
        last={label(buckets[buckets.length - 1])}
      />
      <ul class="chart-legend">
        {name === "leads" ? (
          <li class="legend-part0">{w.current}</li>
        ) : (
          KINDS.map((k, i) => <li class={`legend-part${i}`}>{w[k]}</li>)
        )}
        <li class="legend-previous">{w.previous}</li>
      </ul>
      <TableWrap label={fill(w.tableCaption, { what })}>
        <table data-kpi-table={name}>
          <caption id={`${id}-caption`}>{fill(w.tableCaption, { what })}</caption>
          <thead>
            <tr>
              <th scope="col">{w.date}</th>
              {name === "inquiries" && KINDS.map((k) => <th scope="col">{w[k]}</th>)}
              <th scope="col">{name === "leads" ? w.leads : w.total}</th>
              <th scope="col">{w.previous}</th>
              <th scope="col">
                {w.previous}: {name === "leads" ? w.leads : w.total}
              </th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((b, i) => {
              const p = previous.buckets[i];
              return (
                <tr data-date={b.date}>
                  <th scope="row">{label(b)}</th>
                  {name === "inquiries" && KINDS.map((k) => <td data-col={k}>{b.inquiries[k]}</td>)}
                  <td data-col="total">{totalOf(name, b)}</td>
                  <td>{label(p)}</td>
                  <td data-col="previous">{p ? totalOf(name, p) : ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
