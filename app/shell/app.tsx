import { useEffect, useMemo, useState } from "preact/hooks";
import { InboxView } from "../inbox/inbox-view.tsx";
import { api, onUnauthorized, setApiSite } from "../lib/api.ts";
import { translator, useLang } from "../lib/i18n.ts";
import { navigate, useRoute } from "../lib/router.ts";
import type { Me, SiteOfMe, ViewProps } from "../lib/types.ts";
import { useApi } from "../lib/use-api.ts";
import { Header } from "./header.tsx";
import { LazyView } from "./lazy-view.tsx";
import { SignedOut } from "./signed-out.tsx";
import { ErrorBox, Loading } from "./states.tsx";

const SITE_KEY = "hikiai:site";

function rememberedSite(): string | null {
  try {
    return localStorage.getItem(SITE_KEY);
  } catch {
    return null;
  }
}

/** The site to show: ?site= in the URL (shared links), else the last one chosen, else the first. */
function chooseSite(me: Me, fromUrl: string | undefined, chosen: string | null): SiteOfMe | undefined {
  return me.sites.find((s) => s.siteKey === fromUrl) ?? me.sites.find((s) => s.siteKey === chosen) ?? me.sites[0];
}

/** The dashboard: who is signed in (GET /v1/me), the chosen site, the header, the current view. */
export function App() {
  const lang = useLang();
  const t = useMemo(() => translator(lang), [lang]);
  const route = useRoute();
  const me = useApi<Me>("/v1/me");
  const [signedOut, setSignedOut] = useState<"expired" | "now" | null>(null);
  const [chosen, setChosen] = useState(rememberedSite);

  useEffect(() => onUnauthorized(() => setSignedOut((s) => s ?? "expired")), []);

  if (signedOut || me.error?.status === 401) return <SignedOut t={t} signedOutNow={signedOut === "now"} />;
  if (me.error)
    return (
      <main id="main" class="boot-error">
        <ErrorBox t={t} error={me.error} retry={me.reload} />
      </main>
    );
  if (!me.data)
    return (
      <main id="main">
        <Loading t={t} />
      </main>
    );

  const site = chooseSite(me.data, route.query.site, chosen);
  if (!site)
    return (
      <main id="main" class="boot-error">
        <p>{t("state.noSites")}</p>
      </main>
    );
  // Before any view renders: every API call of this render is about this site.
  setApiSite(site.siteKey);

  const switchSite = (siteKey: string) => {
    try {
      localStorage.setItem(SITE_KEY, siteKey);
    } catch {
      // Without storage the choice holds until the page is left.
    }
    setChosen(siteKey);
    // Another site's filters (its assignees, campaigns) mean nothing here: start the view afresh.
    navigate(route.view === "person" ? "/app/contacts" : route.path, {});
  };
  const signOut = () => {
    // Cloudflare Access signs the person in again on every request: only its own logout ends that.
    if (me.data?.session.via === "access") return location.assign("/cdn-cgi/access/logout");
    api.post("/auth/sign-out").then(
      () => setSignedOut("now"),
      () => setSignedOut("now"),
    );
  };

  const props: ViewProps = {
    site,
    me: me.data,
    route,
    query: route.query,
    params: route.params,
    navigate,
    t,
    lang,
  };
  return (
    <>
      <Header me={me.data} site={site} route={route} t={t} lang={lang} onSite={switchSite} onSignOut={signOut} />
      {/* key: a view starts afresh on another site, never showing the previous site's rows. */}
      <main id="main" key={site.siteKey} tabIndex={-1}>
        {route.view === "inbox" ? (
          <InboxView {...props} />
        ) : route.view ? (
          <LazyView name={route.view} props={props} />
        ) : (
          <p class="state">{t("state.notFound")}</p>
        )}
      </main>
    </>
  );
}
