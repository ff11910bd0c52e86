// Digest and stall settings (GET / PATCH /v1/notification-settings): Slack's language, which
// leads notify, after how many business minutes a new inquiry counts as stalled.
import type * as z from "zod/mini";
import type { NotificationSettingsSchema } from "../../../shared/webhooks.ts";
import { api } from "../../lib/api.ts";
import type { T } from "../../lib/i18n.ts";
import { useApi } from "../../lib/use-api.ts";
import { ErrorBox, Loading } from "../../shell/states.tsx";
import { fill } from "../fill.ts";
import { SubmitRow, useAction } from "./action.tsx";
import type { SettingsWords } from "./words.ts";

type Settings = z.infer<typeof NotificationSettingsSchema>;

export function NotificationSettings({ t, w }: { t: T; w: SettingsWords }) {
  const settings = useApi<Settings>("/v1/notification-settings");
  const action = useAction();
  const s = settings.data;
  const save = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    await action.run(async () => {
      const saved = await api.patch<Settings>("/v1/notification-settings", {
        body: {
          language: data.get("language"),
          notifyLeads: data.get("notifyLeads"),
          stallAfterMinutes: Number(data.get("stallAfterMinutes")),
        },
      });
      settings.setData(saved);
    }, w.saved);
  };
  return (
    <section aria-labelledby="settings-notifications" data-settings="notifications">
      <h2 id="settings-notifications">{w.notifications}</h2>
      {settings.error && <ErrorBox t={t} error={settings.error} retry={settings.reload} />}
      {settings.loading && <Loading t={t} />}
      {s && (
        <form class="stack" onSubmit={save}>
          <label>
            {w.language}
            <select name="language" defaultValue={s.language}>
              <option value="ja">{w.langJa}</option>
              <option value="en">{w.langEn}</option>
            </select>
          </label>
          <label>
            {w.notifyLeads}
            <select name="notifyLeads" defaultValue={s.notifyLeads}>
              <option value="off">{w.notifyOff}</option>
              <option value="returning">{w.notifyReturning}</option>
              <option value="all">{w.notifyAll}</option>
            </select>
          </label>
          <label>
            {w.stall}
            <input
              name="stallAfterMinutes"
              type="number"
              min={15}
              max={3780}
              step={1}
              required
              defaultValue={String(s.stallAfterMinutes)}
              aria-describedby="stall-help"
            />
          </label>
          <p id="stall-help" class="muted">
            {fill(w.stallHelp, { hours: s.businessHours })}
          </p>
          <SubmitRow action={action} label={w.save} busyLabel={w.saving} />
        </form>
      )}
    </section>
  );
}
