// A small SVG chart of our own (no chart library): the current period as (stacked) bars, the same
// range one period earlier as a dashed line. The numbers themselves are in the table under it.
import { chartGeometry, HEIGHT } from "./chart-geometry.ts";

export interface ChartProps {
  /** The accessible name: what is shown, with its total. */
  label: string;
  /** Per bucket of the current period, the parts of its bar, bottom first. */
  stacks: number[][];
  /** Per bucket of the previous period, its total (the dashed line). */
  previous: number[];
  /** Labels of the first and last bucket (under the chart). */
  first: string;
  last: string;
}

/** Bars + dashed comparison line, stretched to its container; the y-axis figures are HTML. */
export function Chart({ label, stacks, previous, first, last }: ChartProps) {
  const { max, width, rects, points } = chartGeometry(stacks, previous);
  return (
    <div class="chart">
      <div class="chart-plot">
        <svg viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={label}>
          <path class="chart-grid" d={`M0 ${HEIGHT / 2}H${width}M0 ${HEIGHT}H${width}`} />
          {rects.map((r) => (
            <rect class={`chart-part${r.part}`} x={r.x} y={r.y} width={r.width} height={r.height} />
          ))}
          {previous.length > 0 && <polyline class="chart-previous" points={points} />}
        </svg>
        <span class="chart-y" aria-hidden="true">
          <span>{max}</span>
          <span>0</span>
        </span>
      </div>
      <div class="chart-x" aria-hidden="true">
        <span>{first}</span>
        <span>{last}</span>
      </div>
    </div>
  );
}
