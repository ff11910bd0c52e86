// Settings (/app/settings): webhooks and Slack, notification settings, members. Changing them is
// for admins (the API refuses the others); the others see the team, and that only admins change it.
import { viewWords } from "../lib/i18n.ts";
import type { ViewProps } from "../lib/types.ts";
import { fill } from "./fill.ts";
import { Members } from "./settings/members.tsx";
import { NotificationSettings } from "./settings/notifications.tsx";
import { RoutingRules } from "./settings/routing.tsx";
import { Webhooks } from "./settings/webhooks.tsx";
import { SETTINGS_WORDS } from "./settings/words.ts";
import "./views.css";

export default function SettingsView({ site, me, lang, t }: ViewProps) {
  const w = viewWords(lang, SETTINGS_WORDS);
  const admin = site.role === "admin";
  return (
    <section class="view settings" data-view="settings" aria-labelledby="view-title">
      <h1 id="view-title">{w.title}</h1>
      {!admin && (
        <p class="empty" data-read-only>
          {fill(w.adminOnly, { role: t(`role.${site.role}`) })}
        </p>
      )}
      {admin && <Webhooks timeZone={site.timeZone} lang={lang} t={t} w={w} />}
      {admin && <NotificationSettings t={t} w={w} />}
      <RoutingRules admin={admin} t={t} lang={lang} />
      <Members me={me} admin={admin} t={t} w={w} />
    </section>
  );
}
