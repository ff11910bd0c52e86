// The KPI forms panel's figures: GET /v1/forms/stats answers per form and page; the panel shows
// one funnel per form (its pages added up) beside the same form in the previous period. Pure, so
// the unit tests hold the sums and rates the panel prints.
import { type FormPageStats, zeroFormFigures } from "../../../shared/form-analytics.ts";

export interface FieldCount {
  field: string;
  count: number;
}

/** One form's funnel over all its pages. */
export interface FormFunnel {
  form: string;
  kind: "lead" | "inquiry";
  subject: string;
  /** Pages listed in the answer. */
  pages: number;
  /** The answer has the form's "other pages" row (page null): counts of pages not listed. */
  otherPages: boolean;
  views: number;
  starts: number;
  submits: number;
  submissions: number;
  /** starts / views; null without views. */
  viewToStart: number | null;
  /** submissions / starts; null without starts. */
  startToSubmission: number | null;
  abandonFields: FieldCount[];
  errorFields: FieldCount[];
}

/** The same form in the previous period (zeros when it had nothing there). */
export interface ComparedFunnel {
  current: FormFunnel;
  previous: FormFunnel;
}

const rate = (part: number, whole: number) => (whole ? part / whole : null);

/** The fields added up over pages, most first (ties by name), at most `limit`. */
function topFields(lists: FieldCount[][], limit: number): FieldCount[] {
  const sums = new Map<string, number>();
  for (const list of lists) for (const { field, count } of list) sums.set(field, (sums.get(field) ?? 0) + count);
  return [...sums]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([field, count]) => ({ field, count }));
}

const emptyFunnel = (form: string): FormFunnel => ({ ...zeroFormFigures(form), pages: 0, otherPages: false });

/**
 * Per form, its pages and its other pages' row added up (the per-page top fields merged: a
 * field's count over the pages listing it).
 */
export function funnels(rows: readonly FormPageStats[], topLimit = 5): Map<string, FormFunnel> {
  const groups = new Map<string, FormPageStats[]>();
  for (const row of rows) groups.set(row.form, [...(groups.get(row.form) ?? []), row]);
  const out = new Map<string, FormFunnel>();
  for (const [form, pages] of groups) {
    const f = emptyFunnel(form);
    f.pages = pages.filter((p) => p.page !== null).length;
    f.otherPages = pages.length > f.pages;
    for (const p of pages) {
      f.views += p.views;
      f.starts += p.starts;
      f.submits += p.submits;
      f.submissions += p.submissions;
    }
    f.viewToStart = rate(f.starts, f.views);
    f.startToSubmission = rate(f.submissions, f.starts);
    f.abandonFields = topFields(
      pages.map((p) => p.abandonFields),
      topLimit,
    );
    f.errorFields = topFields(
      pages.map((p) => p.errorFields),
      topLimit,
    );
    out.set(form, f);
  }
  return out;
}

/**
 * The forms of this period (most viewed first, then most submissions), each with the previous
 * period's funnel; a form seen only before is listed last, so nothing counted disappears.
 */
export function comparedFunnels(current: readonly FormPageStats[], previous: readonly FormPageStats[]) {
  const now = funnels(current);
  const before = funnels(previous);
  const order = (a: FormFunnel, b: FormFunnel) =>
    b.views - a.views || b.submissions - a.submissions || a.form.localeCompare(b.form);
  const listed = [...now.values()].sort(order);
  const gone = [...before.values()].filter((f) => !now.has(f.form)).sort(order);
  return [
    ...listed.map((f) => ({ current: f, previous: before.get(f.form) ?? emptyFunnel(f.form) })),
    ...gone.map((f) => ({ current: emptyFunnel(f.form), previous: f })),
  ] satisfies ComparedFunnel[];
}
