// The KPI view's forms panel: per form, the funnel views → starts → submissions with its rates,
// beside the same form in the previous period (two GET /v1/forms/stats calls), and where people
// give up: the fields most often touched last in a form left unsent, and those that refused a value.
import type { FormStatsResponse } from "../../../shared/form-analytics.ts";
import type { InquiryKind } from "../../../shared/schemas.ts";
import { viewWords } from "../../lib/i18n.ts";
import type { ViewProps } from "../../lib/types.ts";
import { fill } from "../fill.ts";
import { TableWrap } from "../table-wrap.tsx";
import { ComparedState, useCompared } from "./compared.tsx";
import { type ComparedFunnel, comparedFunnels, type FieldCount, type FormFunnel } from "./form-funnel.ts";
import { formatCount, formatRate } from "./format.ts";
import { FORMS_WORDS, type FormsWords } from "./forms-words.ts";
import type { DateRange, Interval } from "./period.ts";

interface FormsPanelProps {
  current: DateRange;
  previous: DateRange;
  interval: Interval;
  tz: string;
  lang: ViewProps["lang"];
  t: ViewProps["t"];
}

const STEPS = ["views", "starts", "submissions"] as const;

export function FormsPanel({ current, previous, interval, tz, lang, t }: FormsPanelProps) {
  const w = viewWords(lang, FORMS_WORDS);
  const stats = useCompared<FormStatsResponse>("/v1/forms/stats", current, previous, { interval, tz });
  const list = stats.both && comparedFunnels(stats.both.current.forms, stats.both.previous.forms);
  return (
    <section class="kpi-forms" aria-labelledby="kpi-forms-title" data-forms-panel>
      <h2 id="kpi-forms-title">{w.title}</h2>
      <p class="kpi-note">{w.intro}</p>
      <ComparedState t={t} state={stats} />
      {list && list.length === 0 && (
        <p class="state" data-forms-empty>
          {w.none}
        </p>
      )}
      {list?.map((f) => (
        <FormFunnelCard funnel={f} w={w} formName={formName(f.current, w, t)} />
      ))}
    </section>
  );
}

function formName(f: FormFunnel, w: FormsWords, t: ViewProps["t"]) {
  return f.kind === "inquiry"
    ? fill(w.inquiryForm, { kind: t(`kind.${f.subject as InquiryKind}`) })
    : fill(w.leadForm, { resource: f.subject });
}

function FormFunnelCard({ funnel, w, formName }: { funnel: ComparedFunnel; w: FormsWords; formName: string }) {
  const { current, previous } = funnel;
  const id = `kpi-form-${funnel.current.form.replace(/[^\w-]/g, "_")}`;
  const rateOf = (f: FormFunnel, step: (typeof STEPS)[number]) =>
    step === "starts" ? f.viewToStart : step === "submissions" ? f.startToSubmission : null;
  const widest = Math.max(current.views, current.starts, current.submissions, 1);
  return (
    <section class="kpi-form" aria-labelledby={id} data-form={current.form}>
      <h3 id={id}>
        {formName}
        {(current.pages > 1 || current.otherPages) && (
          <span class="kpi-total" data-other-pages={current.otherPages || undefined}>
            {" "}
            ({fill(current.otherPages ? w.pagesAndOthers : w.pages, { n: current.pages })})
          </span>
        )}
      </h3>
      <TableWrap label={fill(w.funnelCaption, { form: formName })}>
        <table class="kpi-funnel">
          <caption class="visually-hidden">{fill(w.funnelCaption, { form: formName })}</caption>
          <thead>
            <tr>
              {[w.step, w.current, w.rate, w.previous, `${w.previous}: ${w.rate}`].map((head) => (
                <th scope="col">{head}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {STEPS.map((step) => (
              <tr data-step={step}>
                <th scope="row">
                  {w[step]}
                  {step !== "views" && (
                    <span class="kpi-step-rate">{step === "starts" ? w.viewToStart : w.startToSubmission}</span>
                  )}
                </th>
                <td data-col="current">
                  <span class="funnel-bar" style={{ width: `${(current[step] / widest) * 100}%` }} aria-hidden="true" />
                  <span class="funnel-n">{formatCount(current[step])}</span>
                </td>
                <td data-col="rate">{step === "views" ? "" : formatRate(rateOf(current, step))}</td>
                <td data-col="previous">{formatCount(previous[step])}</td>
                <td data-col="previous-rate">{step === "views" ? "" : formatRate(rateOf(previous, step))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <h4>{w.giveUp}</h4>
      <div class="kpi-give-up">
        <FieldList title={w.abandons} fields={current.abandonFields} w={w} kind="abandons" />
        <FieldList title={w.errors} fields={current.errorFields} w={w} kind="errors" />
      </div>
    </section>
  );
}

function FieldList({ title, fields, w, kind }: { title: string; fields: FieldCount[]; w: FormsWords; kind: string }) {
  return (
    <div data-fields={kind}>
      <p class="kpi-fields-title">{title}</p>
      {fields.length === 0 ? (
        <p class="state">{w.noFields}</p>
      ) : (
        <ol>
          {fields.map(({ field, count }) => (
            <li data-field={field} data-count={count}>
              {(w as Record<string, string>)[`field_${field}`] ?? field} <span>{fill(w.times, { n: count })}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
