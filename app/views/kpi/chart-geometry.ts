// Geometry of the KPI chart: stacked bars for the current period and a line for the previous
// one, in a viewBox of 10 units per bucket and 100 units high. No text goes into the SVG (it is
// stretched to the container's width); the axis figures are HTML beside it.

export const SLOT = 10;
export const HEIGHT = 100;
const BAR = 7;

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1): the chart's top. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Which part of the stack (index into the parts). */
  part: number;
}

/**
 * Bars (bottom part first) for `stacks` and the polyline points of `previous`, scaled to one
 * maximum so the two periods compare by height.
 */
export function chartGeometry(stacks: readonly (readonly number[])[], previous: readonly number[]) {
  const totals = stacks.map((parts) => parts.reduce((a, b) => a + b, 0));
  const max = niceMax(Math.max(0, ...totals, ...previous));
  const scale = (n: number) => (n / max) * HEIGHT;
  const rects: Rect[] = [];
  stacks.forEach((parts, i) => {
    let top = HEIGHT;
    parts.forEach((value, part) => {
      if (value <= 0) return;
      const height = scale(value);
      top -= height;
      rects.push({ x: i * SLOT + (SLOT - BAR) / 2, y: top, width: BAR, height, part });
    });
  });
  // One point alone draws nothing: a lone bucket's line spans its slot.
  const centres = previous.length === 1 ? [1, SLOT - 1] : previous.map((_, i) => i * SLOT + SLOT / 2);
  const values = previous.length === 1 ? [previous[0]!, previous[0]!] : previous;
  const points = values.map((v, i) => `${centres[i]},${HEIGHT - scale(v)}`).join(" ");
  return { max, width: Math.max(stacks.length, previous.length, 1) * SLOT, rects, points };
}
