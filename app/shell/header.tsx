import { formatDateTime, type Lang, setLang, type T } from "../lib/i18n.ts";
import { follow, type Route, type ViewName } from "../lib/router.ts";
import type { Me, SiteOfMe } from "../lib/types.ts";

const NAV: [ViewName, string, Parameters<T>[0]][] = [
  ["inbox", "/app/inbox", "nav.inbox"],
  ["kpi", "/app/kpi", "nav.kpi"],
  ["leads", "/app/leads", "nav.leads"],
  ["contacts", "/app/contacts", "nav.contacts"],
  ["install", "/app/install", "nav.install"],
  ["settings", "/app/settings", "nav.settings"],
];

interface HeaderProps {
  me: Me;
  site: SiteOfMe;
  route: Route;
  t: T;
  lang: Lang;
  onSite: (siteKey: string) => void;
  onSignOut: () => void;
}

/** The top bar: site switcher, the views, who is signed in and until when, language, sign-out. */
export function Header({ me, site, route, t, lang, onSite, onSignOut }: HeaderProps) {
  // A person's page belongs under contacts in the navigation.
  const current = route.view === "person" ? "contacts" : route.view;
  return (
    <header class="top">
      <a class="skip" href="#main">
        {lang === "ja" ? "本文へ移動" : "Skip to content"}
      </a>
      <a class="brand" href="/app" onClick={follow}>
        {t("app.title")}
      </a>
      <label class="site-switch">
        <span class="visually-hidden">{t("site.label")}</span>
        <select value={site.siteKey} onChange={(e) => onSite((e.currentTarget as HTMLSelectElement).value)}>
          {me.sites.map((s) => (
            <option key={s.siteKey} value={s.siteKey}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <nav aria-label={t("nav.label")}>
        <ul>
          {NAV.map(([view, path, word]) => (
            <li key={view}>
              <a href={path} onClick={follow} aria-current={current === view ? "page" : undefined}>
                {t(word)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="who">
        <span class="who-name">
          {me.member.name ?? me.member.email}
          <span class="who-role"> · {t(`role.${site.role}`)}</span>
        </span>
        <span class="who-expiry">
          {t("session.until", { date: formatDateTime(me.session.expiresAt, lang, site.timeZone) })}
        </span>
        <label class="lang-switch">
          <span class="visually-hidden">{t("lang.label")}</span>
          <select value={lang} onChange={(e) => setLang((e.currentTarget as HTMLSelectElement).value as Lang)}>
            <option value="ja">日本語</option>
            <option value="en">English</option>
          </select>
        </label>
        <button type="button" class="sign-out" onClick={onSignOut}>
          {t("session.signOut")}
        </button>
      </div>
    </header>
  );
}
