// One form kind's (and, for downloads, one resource's) auto-reply: on/off, subject and body in
// Japanese and English, a preview with sample data (POST /v1/autoreply/preview, nothing saved)
// and save (PATCH /v1/autoreply/{formKind}[?resource=]). A text left empty or equal to the
// built-in one is saved as null, so it keeps following the built-in text.
import { useRef, useState } from "preact/hooks";
import type * as z from "zod/mini";
import type { AutoReply, AutoReplySettingsSchema, FormKind } from "../../../shared/autoreply.ts";
import { ApiError, api } from "../../lib/api.ts";
import { fill } from "../fill.ts";
import { SubmitRow, useAction } from "./action.tsx";
import { Field, SelectField } from "./mail-field.tsx";
import { KINDS, type MailWords, VARIABLES } from "./mail-words.ts";

export type AutoReplySettings = z.infer<typeof AutoReplySettingsSchema>;
type Lang = "ja" | "en";
type Preview = { from: string; replyTo: string | null; to: string; subject: string; text: string };

const LANGS: Lang[] = ["ja", "en"];
const PARTS = ["subject", "text"] as const;
interface Props {
  settings: AutoReplySettings;
  /** The site's registered resources (a download's auto-reply may be set per resource). */
  resources: { resourceId: string; title: string }[];
  onSaved: (reply: AutoReply) => void;
  /** Turning on was refused for a missing sender field: field → reason, shown at the sender form. */
  onSenderRefused: (fields: Record<string, string>) => void;
  w: MailWords;
}

export function AutoReplyEditor({ settings, resources, onSaved, onSenderRefused, w }: Props) {
  const [kind, setKind] = useState<FormKind>(KINDS[0]!);
  const [resource, setResource] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const action = useAction();
  const form = useRef<HTMLFormElement>(null);
  const previewLang = useRef<Lang>("ja");
  const resourceId = kind === "download" && resource ? resource : null;
  // Null texts (and a form kind without a row) stand for the built-in texts.
  const saved = settings.replies.find((r) => r.formKind === kind && r.resourceId === resourceId);
  const enabled = saved?.enabled ?? false;
  const defaults = settings.defaults[kind];
  const shown = (lang: Lang, part: "subject" | "text") => saved?.[lang][part] ?? defaults[lang][part];
  const isOn = (k: FormKind) => settings.replies.some((r) => r.formKind === k && r.enabled);
  const path = `/v1/autoreply/${kind}${resourceId ? `?resource=${encodeURIComponent(resourceId)}` : ""}`;

  /** The form's texts as the API takes them: empty or the built-in text → null. */
  const texts = (lang: Lang) => {
    const data = new FormData(form.current!);
    const part = (name: "subject" | "text") => {
      const value = String(data.get(`${lang}.${name}`) ?? "");
      return value.trim() === "" || value === defaults[lang][name] ? null : value;
    };
    return { subject: part("subject"), text: part("text") };
  };

  const choose = (next: { kind?: FormKind; resource?: string }) => {
    if (next.kind) setKind(next.kind);
    if (next.resource !== undefined) setResource(next.resource);
    setPreview(null);
    setMissing(null);
  };

  const showPreview = (lang: Lang) => {
    previewLang.current = lang;
    setPreview(null);
    return action.run(async () => {
      const draft = texts(lang);
      setPreview(
        await api.post<Preview>("/v1/autoreply/preview", {
          body: {
            formKind: kind,
            resourceId: resourceId ?? undefined,
            language: lang,
            subject: draft.subject ?? defaults[lang].subject,
            text: draft.text ?? defaults[lang].text,
          },
        }),
      );
    });
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setMissing(null);
    const enabled = (form.current!.elements.namedItem("enabled") as HTMLInputElement).checked;
    const body = { enabled, ja: texts("ja"), en: texts("en") };
    await action.run(async () => {
      try {
        onSaved(await api.patch<AutoReply>(path, { body }));
      } catch (error) {
        if (error instanceof ApiError && error.code === "sender_incomplete") {
          const field = Object.keys(error.fields)[0]?.replace(/^sender\./, "") ?? "";
          setMissing(w[field as keyof MailWords] ?? field);
          onSenderRefused(error.fields);
        }
        throw error;
      }
    }, w.saved);
  };

  // Preview errors name `subject` / `text`; the language previewed tells which field they mean.
  const reason = (lang: Lang, part: string) =>
    action.fields[`${lang}.${part}`] ?? (previewLang.current === lang ? action.fields[part] : undefined);

  return (
    <form
      ref={form}
      class="mail-form"
      onSubmit={save}
      aria-labelledby="autoreply-templates"
      data-autoreply="editor"
      noValidate
    >
      <h3 id="autoreply-templates">{w.templates}</h3>
      <div class="toolbar">
        <SelectField
          id="autoreply-kind"
          name="kind"
          label={w.form}
          value={kind}
          options={KINDS.map((k) => [k, `${w[`kind_${k}`]} (${isOn(k) ? w.on : w.off})`])}
          onChange={(k) => choose({ kind: k as FormKind })}
        />
        {kind === "download" && (
          <SelectField
            id="autoreply-resource"
            name="resource"
            label={w.resource}
            value={resource}
            options={[["", w.allResources], ...resources.map((r): [string, string] => [r.resourceId, r.title])]}
            onChange={(r) => choose({ resource: r })}
          />
        )}
      </div>
      <div key={`${kind}|${resourceId ?? ""}|${enabled}`}>
        <label class="mail-toggle">
          <input
            type="checkbox"
            name="enabled"
            defaultChecked={enabled}
            aria-describedby={missing ? "autoreply-missing" : undefined}
          />{" "}
          {w.enabled}
        </label>
        {missing && (
          <p id="autoreply-missing" class="field-error" data-field-error="enabled">
            <a href="#autoreply-sender">{fill(w.senderMissing, { field: missing })}</a>
          </p>
        )}
        {LANGS.map((lang) => (
          <fieldset key={lang} class="mail-lang" data-lang={lang}>
            <legend>{lang === "ja" ? w.langJa : w.langEn}</legend>
            {PARTS.map((part) => (
              <Field
                key={part}
                form="reply"
                name={`${lang}.${part}`}
                label={part === "subject" ? w.subject : w.body}
                value={shown(lang, part)}
                maxLength={part === "subject" ? 200 : undefined}
                rows={part === "text" ? 10 : undefined}
                hint={part === "text" ? w.defaultHint : undefined}
                error={reason(lang, part)}
              />
            ))}
            {saved?.[lang].html && <p class="muted">{w.html}</p>}
            <p>
              <button type="button" disabled={action.busy} onClick={() => showPreview(lang)}>
                {lang === "ja" ? w.previewJa : w.previewEn}
              </button>
            </p>
          </fieldset>
        ))}
      </div>
      <details class="mail-vars">
        <summary>{w.variables}</summary>
        <ul>
          {Object.entries(VARIABLES).map(([name, word]) => (
            <li key={name}>
              <code>{`{{${name}}}`}</code> {w[word]}
            </li>
          ))}
        </ul>
        <p class="muted">{w.sections}</p>
      </details>
      <SubmitRow action={action} label={w.save} busyLabel={w.saving} />
      {preview && (
        <section class="mail-preview" aria-labelledby="autoreply-preview" data-preview>
          <h4 id="autoreply-preview">{w.previewOf}</h4>
          <dl class="facts">
            <dt>{w.from}</dt>
            <dd>{preview.from}</dd>
            <dt>{w.to}</dt>
            <dd>{preview.to}</dd>
            <dt>{w.subject}</dt>
            <dd data-preview-subject>{preview.subject}</dd>
          </dl>
          <pre data-preview-text>{preview.text}</pre>
        </section>
      )}
    </form>
  );
}
