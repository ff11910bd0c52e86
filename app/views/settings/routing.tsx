// The site's routing rules (/v1/routing-rules, docs/routing.md): everyone sees them in order, in
// words, and may try a sample inquiry against them; admins add, reorder and remove rules. The API
// refuses the others and names each field it refuses: the reason is shown at that input.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { RoutingRule } from "../../../shared/routing.ts";
import { INQUIRY_KINDS } from "../../../shared/schemas.ts";
import type { Member } from "../../inbox/types.ts";
import { ApiError, api } from "../../lib/api.ts";
import { type T, viewWords } from "../../lib/i18n.ts";
import type { ViewProps } from "../../lib/types.ts";
import { useApi } from "../../lib/use-api.ts";
import { ErrorBox, Loading } from "../../shell/states.tsx";
import { fill } from "../fill.ts";
import { useAction } from "./action.tsx";
import { errorsByInput, ruleBody, sampleBody } from "./routing-form.ts";
import { ROUTING_WORDS, type RoutingWords } from "./routing-words.ts";
import "./routing.css";

type Rules = { data: RoutingRule[] };
type TestResult = {
  match: { number: number; name: string; candidates: { email: string; name: string | null }[] } | null;
  rules: { id: string; number: number; matched: boolean; reason: string }[];
};
type Errors = Record<string, string>;

const person = (m: { email: string; name: string | null }) => m.name ?? m.email;

export function RoutingRules({ admin, t, lang }: { admin: boolean; t: T; lang: ViewProps["lang"] }) {
  const w = viewWords(lang, ROUTING_WORDS);
  const rules = useApi<Rules>("/v1/routing-rules");
  const action = useAction();
  const list = rules.data?.data;

  const move = (rule: RoutingRule, position: number) =>
    action.run(async () => {
      rules.setData(
        await api.post<Rules>(`/v1/routing-rules/${encodeURIComponent(rule.id)}/move`, { body: { position } }),
      );
    }, w.moved);
  const remove = (rule: RoutingRule) =>
    confirm(fill(w.removeConfirm, { n: rule.number })) &&
    action.run(async () => {
      await api.delete(`/v1/routing-rules/${encodeURIComponent(rule.id)}`);
      rules.reload();
    }, w.removed);

  return (
    <section aria-labelledby="settings-routing" data-settings="routing">
      <h2 id="settings-routing">{w.title}</h2>
      <p class="muted">{w.how}</p>
      {action.outcome}
      {rules.error && <ErrorBox t={t} error={rules.error} retry={rules.reload} />}
      {rules.loading && <Loading t={t} />}
      {list && list.length === 0 && <p class="muted">{w.none}</p>}
      {list && list.length > 0 && (
        <ol class="routing-rules" data-rules>
          {list.map((rule) => (
            <li key={rule.id} data-rule={rule.id} data-number={rule.number}>
              <RuleText rule={rule} w={w} t={t} />
              {admin && (
                <p class="buttons">
                  <button
                    type="button"
                    disabled={action.busy || rule.number === 1}
                    onClick={() => move(rule, rule.number - 1)}
                  >
                    {w.up}
                    <span class="visually-hidden">: {fill(w.rule, { n: rule.number })}</span>
                  </button>
                  <button
                    type="button"
                    disabled={action.busy || rule.number === list.length}
                    onClick={() => move(rule, rule.number + 1)}
                  >
                    {w.down}
                    <span class="visually-hidden">: {fill(w.rule, { n: rule.number })}</span>
                  </button>
                  <button type="button" disabled={action.busy} onClick={() => remove(rule)}>
                    {w.remove}
                    <span class="visually-hidden">: {fill(w.rule, { n: rule.number })}</span>
                  </button>
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {admin && <AddRule w={w} t={t} added={rules.reload} />}
      <TryRules w={w} t={t} />
    </section>
  );
}

/** A rule in words: its number and name, each condition given, and what it does. */
function RuleText({ rule, w, t }: { rule: RoutingRule; w: RoutingWords; t: T }) {
  const c = rule.conditions;
  const values = (v: readonly string[] | undefined) => v?.join(w.or);
  const parts: [string, string | undefined][] = [
    [w.kinds, values(c.kinds?.map((k) => t(`kind.${k}`)))],
    [w.resources, values(c.resources)],
    [w.emailDomains, values(c.emailDomains)],
    [w.companyContains, values(c.companyContains)],
    [w.utmSources, values(c.utmSources)],
    [w.utmCampaigns, values(c.utmCampaigns)],
    [
      w.hidden,
      c.hidden &&
        Object.entries(c.hidden)
          .map(([k, v]) => `${k}=${v}`)
          .join(", "),
    ],
  ];
  const given = parts.filter(([, v]) => v !== undefined);
  const who = rule.members.map((m) => (m.onSite ? person(m) : fill(w.notMember, { who: m.email || m.id }))).join(", ");
  return (
    <>
      <h3>
        {fill(w.rule, { n: rule.number })}
        {rule.name && `: ${rule.name}`}
      </h3>
      <ul class="routing-conditions" data-conditions>
        {given.length === 0 && <li>{w.everyInquiry}</li>}
        {given.map(([label, value]) => (
          <li>
            {label}: {value}
          </li>
        ))}
        {rule.businessHoursOnly && <li>{w.businessHoursOnly}</li>}
      </ul>
      <p data-action>
        → {fill(rule.action === "assign" ? w.assignTo : w.roundRobin, { who })}{" "}
        <span class="muted">({fill(w.assigned, { n: rule.assigned })})</span>
      </p>
    </>
  );
}

/** A labelled input with the API's reason for it, if any, under it (and named by it). */
function Field(props: {
  name: string;
  label: string;
  hint?: string;
  errors: Errors;
  form: string;
  children?: ComponentChildren;
  multiline?: boolean;
  type?: "text" | "email" | "number";
}) {
  const { name, label, hint, errors, form } = props;
  const id = `${form}-${name}`;
  const described = [hint && `${id}-hint`, errors[name] && `${id}-error`].filter(Boolean).join(" ") || undefined;
  const common = { id, name, "aria-describedby": described, "aria-invalid": errors[name] ? true : undefined };
  return (
    <div class="field" data-field={name}>
      <label for={id}>{label}</label>
      {props.children ??
        (props.multiline ? (
          <textarea {...common} rows={2} />
        ) : (
          <input {...common} type={(props.type ?? "text") as "text"} />
        ))}
      {hint && (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      )}
      <FieldError id={`${id}-error`} reason={errors[name]} />
    </div>
  );
}

const FieldError = ({ id, reason }: { id: string; reason?: string }) =>
  reason ? (
    <small id={id} class="field-error" data-error>
      {reason}
    </small>
  ) : null;

/** Runs a request; on a refusal that names fields, keeps the reasons by input (and rethrows for the outcome line). */
async function withFieldErrors<R>(setErrors: (e: Errors) => void, work: () => Promise<R>) {
  setErrors({});
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) setErrors(errorsByInput(error.fields));
    throw error;
  }
}

function AddRule({ w, t, added }: { w: RoutingWords; t: T; added: () => void }) {
  const members = useApi<{ data: Member[] }>("/v1/members");
  const action = useAction();
  const [errors, setErrors] = useState<Errors>({});
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = ruleBody(new FormData(form));
    await action.run(
      () =>
        withFieldErrors(setErrors, async () => {
          await api.post("/v1/routing-rules", { body });
          form.reset();
          added();
        }),
      w.added,
    );
  };
  const f = { errors, form: "rule" };
  return (
    <form class="stack routing-form" onSubmit={submit} aria-labelledby="routing-add" data-routing-add noValidate>
      <h3 id="routing-add">{w.add}</h3>
      <Field {...f} name="name" label={w.name} />
      <fieldset>
        <legend>{w.conditions}</legend>
        <fieldset class="field" data-field="kinds" aria-describedby={errors.kinds ? "rule-kinds-error" : undefined}>
          <legend>{w.kinds}</legend>
          {INQUIRY_KINDS.map((k) => (
            <label class="check">
              <input type="checkbox" name="kinds" value={k} /> {t(`kind.${k}`)}
            </label>
          ))}
          <FieldError id="rule-kinds-error" reason={errors.kinds} />
        </fieldset>
        <Field {...f} name="resources" label={w.resources} hint={w.listHint} />
        <Field {...f} name="emailDomains" label={w.emailDomains} hint={w.listHint} />
        <Field {...f} name="companyContains" label={w.companyContains} hint={w.listHint} />
        <Field {...f} name="utmSources" label={w.utmSources} hint={w.listHint} />
        <Field {...f} name="utmCampaigns" label={w.utmCampaigns} hint={w.listHint} />
        <Field {...f} name="hidden" label={w.hidden} hint={w.hiddenHint} multiline />
      </fieldset>
      <fieldset aria-describedby={errors.action ? "rule-action-error" : undefined}>
        <legend>{w.action}</legend>
        <label class="check">
          <input type="radio" name="action" value="assign" defaultChecked /> {w.actionAssign}
        </label>
        <label class="check">
          <input type="radio" name="action" value="round_robin" /> {w.actionRoundRobin}
        </label>
        <FieldError id="rule-action-error" reason={errors.action} />
      </fieldset>
      <fieldset data-field="members" aria-describedby={errors.members ? "rule-members-error" : undefined}>
        <legend>{w.members}</legend>
        {members.error && <ErrorBox t={t} error={members.error} retry={members.reload} />}
        {members.data?.data.map((m) => (
          <label class="check">
            <input type="checkbox" name="members" value={m.email} /> {person(m)}{" "}
            {m.name && <span class="muted">{m.email}</span>}
          </label>
        ))}
        <FieldError id="rule-members-error" reason={errors.members} />
      </fieldset>
      <label class="check">
        <input type="checkbox" name="businessHoursOnly" /> {w.businessHoursOnly}
      </label>
      <FieldError id="rule-businessHoursOnly-error" reason={errors.businessHoursOnly} />
      <Field {...f} name="position" label={w.position} type="number" />
      <p>
        <button type="submit" class="primary" disabled={action.busy}>
          {w.add}
        </button>
      </p>
      {action.outcome}
    </form>
  );
}

function TryRules({ w, t }: { w: RoutingWords; t: T }) {
  const action = useAction();
  const [errors, setErrors] = useState<Errors>({});
  const [result, setResult] = useState<TestResult | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = sampleBody(new FormData(event.currentTarget as HTMLFormElement));
    setResult(null);
    await action.run(() =>
      withFieldErrors(setErrors, async () => setResult(await api.post<TestResult>("/v1/routing-rules/test", { body }))),
    );
  };
  const f = { errors, form: "sample" };
  const match = result?.match;
  return (
    <form class="stack routing-form" onSubmit={submit} aria-labelledby="routing-test" data-routing-test noValidate>
      <h3 id="routing-test">{w.test}</h3>
      <p class="muted">{w.testHow}</p>
      <Field {...f} name="kind" label={w.kind}>
        <select id="sample-kind" name="kind">
          {INQUIRY_KINDS.map((k) => (
            <option value={k}>{t(`kind.${k}`)}</option>
          ))}
        </select>
      </Field>
      <Field {...f} name="email" label={w.email} type="email" />
      <Field {...f} name="company" label={w.company} />
      <Field {...f} name="utmSource" label={w.utmSource} />
      <Field {...f} name="utmCampaign" label={w.utmCampaign} />
      <Field {...f} name="resources" label={w.testResources} />
      <Field {...f} name="hidden" label={w.hidden} hint={w.hiddenHint} multiline />
      <p>
        <button type="submit" class="primary" disabled={action.busy}>
          {w.run}
        </button>
      </p>
      {action.outcome}
      {result && (
        <div role="status" data-routing-result={match ? match.number : "none"}>
          <p>
            <strong>
              {match
                ? fill(w.matched, {
                    n: match.number,
                    name: match.name ? ` (${match.name})` : "",
                    who: match.candidates.map(person).join(", "),
                  })
                : w.noMatch}
            </strong>
          </p>
          {result.rules.length > 0 && (
            <ul aria-label={w.verdicts}>
              {result.rules.map((r) => (
                <li data-verdict={r.number}>
                  {fill(w.rule, { n: r.number })}: {r.matched ? w.yes : w.no} <span class="muted">({r.reason})</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
