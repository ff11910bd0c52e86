// Settings (/app/settings): webhooks and Slack, notification settings, routing rules, the
// auto-reply mail and the mail log, members. Changing them is for admins (the API refuses the
// others); the others see the team, and that only admins change it.
import { viewWords } from "../lib/i18n.ts";
import type { ViewProps } from "../lib/types.ts";
import { Lazy } from "../shell/lazy-view.tsx";
import { fill } from "./fill.ts";
import { Members } from "./settings/members.tsx";
import { NotificationSettings } from "./settings/notifications.tsx";
import { RoutingRules } from "./settings/routing.tsx";
import { Webhooks } from "./settings/webhooks.tsx";
import { SETTINGS_WORDS } from "./settings/words.ts";
import "./views.css";

// Sections only admins see, loaded when first shown.
const AUTO_REPLY = () => import("./settings/autoreply.tsx");
const MAIL_LOG = () => import("./settings/mail-log.tsx");

export default function SettingsView(props: ViewProps) {
  const { site, me, lang, t } = props;
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
      {admin && <Lazy load={AUTO_REPLY} props={props} t={t} />}
      {admin && <Lazy load={MAIL_LOG} props={props} t={t} />}
      <Members me={me} admin={admin} t={t} w={w} />
    </section>
  );
}
