// Webhooks and Slack: the list, add (the signing secret shown once), send a test, rotate the
// secret, turn off / on, remove, and each one's delivery log (worker/routes/webhooks.ts).
import { useState } from "preact/hooks";
import type * as z from "zod/mini";
import type { Webhook, WebhookListSchema, WebhookWithSecretSchema } from "../../../shared/webhooks.ts";
import { api } from "../../lib/api.ts";
import { formatDateTime, type Lang, type T } from "../../lib/i18n.ts";
import { useApi } from "../../lib/use-api.ts";
import { ErrorBox, Loading } from "../../shell/states.tsx";
import { fill } from "../fill.ts";
import { useAction } from "./action.tsx";
import { DeliveryLog } from "./deliveries.tsx";
import type { SettingsWords } from "./words.ts";

type WithSecret = z.infer<typeof WebhookWithSecretSchema>;

interface Props {
  timeZone: string;
  lang: Lang;
  t: T;
  w: SettingsWords;
}

export function Webhooks({ timeZone, lang, t, w }: Props) {
  const list = useApi<z.infer<typeof WebhookListSchema>>("/v1/webhooks");
  const action = useAction();
  const [secret, setSecret] = useState<WithSecret | null>(null);
  const [open, setOpen] = useState<{ id: string; round: number } | null>(null);

  const add = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const body = {
      type: String(data.get("type")),
      url: String(data.get("url")).trim(),
      description: String(data.get("description")).trim() || undefined,
    };
    await action.run(async () => {
      const created = await api.post<WithSecret>("/v1/webhooks", { body });
      setSecret(created.secret ? created : null);
      form.reset();
      list.reload();
    });
  };
  const rotate = (hook: Webhook) =>
    confirm(w.rotateConfirm) &&
    action.run(async () => {
      setSecret(await api.post<WithSecret>(`/v1/webhooks/${hook.id}/rotate-secret`));
    });
  const test = (hook: Webhook) =>
    action.run(async () => {
      await api.post(`/v1/webhooks/${hook.id}/test`);
      setOpen((o) => ({ id: hook.id, round: (o?.round ?? 0) + 1 }));
    }, w.testSent);
  const toggle = (hook: Webhook) =>
    action.run(async () => {
      await api.patch(`/v1/webhooks/${hook.id}`, { body: { disabled: !hook.disabled } });
      list.reload();
    });
  const remove = (hook: Webhook) =>
    confirm(w.removeConfirm) &&
    action.run(async () => {
      await api.delete(`/v1/webhooks/${hook.id}`);
      list.reload();
    });

  return (
    <section aria-labelledby="settings-webhooks" data-settings="webhooks">
      <h2 id="settings-webhooks">{w.webhooks}</h2>
      <p class="muted">{w.webhooksHow}</p>
      {action.outcome}
      {secret?.secret && (
        <div class="secret" role="status" data-secret>
          <p>{w.secretOnce}</p>
          <code>{secret.secret}</code>
          {secret.previousSecretValidUntil && (
            <p class="muted">
              {fill(w.previousUntil, { at: formatDateTime(secret.previousSecretValidUntil, lang, timeZone) })}
            </p>
          )}
        </div>
      )}
      {list.error && <ErrorBox t={t} error={list.error} retry={list.reload} />}
      {list.loading && <Loading t={t} />}
      {list.data && list.data.data.length === 0 && <p class="empty">{w.noWebhooks}</p>}
      {list.data?.data.map((hook) => (
        <article class="webhook" key={hook.id} data-webhook={hook.id}>
          <h3>
            {hook.type === "slack" ? "Slack" : "Webhook"}{" "}
            <span class={hook.disabled ? "muted" : "notice"}>{hook.disabled ? w.disabledState : w.enabled}</span>
          </h3>
          <p class="webhook-url">
            <code>{hook.url}</code>
            {hook.description && <> · {hook.description}</>}
          </p>
          <p class="buttons">
            <button type="button" disabled={action.busy} onClick={() => test(hook)}>
              {w.test}
            </button>
            {hook.type === "webhook" && (
              <button type="button" disabled={action.busy} onClick={() => rotate(hook)}>
                {w.rotate}
              </button>
            )}
            <button type="button" disabled={action.busy} onClick={() => toggle(hook)}>
              {hook.disabled ? w.enable : w.disable}
            </button>
            <button type="button" disabled={action.busy} onClick={() => remove(hook)}>
              {w.remove}
            </button>
            <button
              type="button"
              aria-expanded={open?.id === hook.id}
              onClick={() => setOpen((o) => (o?.id === hook.id ? null : { id: hook.id, round: 0 }))}
            >
              {open?.id === hook.id ? w.hideLog : w.log}
            </button>
          </p>
          {open?.id === hook.id && (
            <DeliveryLog key={open.round} webhookId={hook.id} timeZone={timeZone} lang={lang} t={t} w={w} />
          )}
        </article>
      ))}
      <form class="toolbar add-form" onSubmit={add} aria-label={w.add}>
        <label>
          {w.type}{" "}
          <select name="type">
            <option value="webhook">{w.typeWebhook}</option>
            <option value="slack">{w.typeSlack}</option>
          </select>
        </label>
        <label>
          {w.url} <input name="url" type="url" required placeholder="https://" />
        </label>
        <label>
          {w.description} <input name="description" maxLength={200} />
        </label>
        <button type="submit" class="primary" disabled={action.busy}>
          {action.busy ? w.adding : w.add}
        </button>
      </form>
    </section>
  );
}
