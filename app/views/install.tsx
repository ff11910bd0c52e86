// Install and health (/app/install): the embed tag with this site's key, the Google Tag Manager
// version, the allowed origins, refused submissions worded as what to fix, and when the last
// lead and inquiry arrived (GET /v1/site, GET /v1/refusals).
import type { RefusalsResponse } from "../../shared/api.ts";
import type { SiteInfo } from "../../shared/site-info.ts";
import { formatDateTime, viewWords } from "../lib/i18n.ts";
import type { ViewProps } from "../lib/types.ts";
import { useApi } from "../lib/use-api.ts";
import { ErrorBox, Loading } from "../shell/states.tsx";
import { CopyBox } from "./install/copy-box.tsx";
import { refusalAdvice } from "./install/refusal-advice.ts";
import { embedSnippet, tagManagerSnippet } from "./install/snippet.ts";
import { INSTALL_WORDS } from "./install/words.ts";
import "./views.css";

const MARKERS = `<a href="/files/whitepaper.pdf" data-hikiai-download="whitepaper">ホワイトペーパー</a>
<div data-hikiai-inquiry="demo"></div>
<button data-hikiai-inquiry="quote">見積依頼</button>`;

export default function InstallView({ site, lang, t }: ViewProps) {
  const w = viewWords(lang, INSTALL_WORDS);
  const info = useApi<SiteInfo>("/v1/site");
  const refusals = useApi<RefusalsResponse>("/v1/refusals", { days: 30 });
  const collector = location.origin;
  const when = (at: string | null) => (at ? formatDateTime(at, lang, site.timeZone) : w.never);
  const s = info.data;
  const refused = refusals.data?.totals.filter((r) => !r.bot) ?? [];
  const bots = refusals.data?.totals.filter((r) => r.bot) ?? [];
  return (
    <section class="view install" data-view="install" aria-labelledby="view-title">
      <h1 id="view-title">{w.title}</h1>
      {info.error && <ErrorBox t={t} error={info.error} retry={info.reload} />}
      {!s && !info.error && <Loading t={t} />}
      {s && (
        <>
          <section aria-labelledby="install-health" data-install="health">
            <h2 id="install-health">{w.health}</h2>
            {s.disabled && <p class="state state-error">{w.disabled}</p>}
            <dl class="facts">
              <div>
                <dt>{w.lastLead}</dt>
                <dd data-last="lead">{when(s.lastLeadAt)}</dd>
              </div>
              <div>
                <dt>{w.lastInquiry}</dt>
                <dd data-last="inquiry">{when(s.lastInquiryAt)}</dd>
              </div>
            </dl>
            {!s.lastLeadAt && !s.lastInquiryAt && (
              <p class="empty" data-empty>
                {w.nothingYet}
              </p>
            )}
          </section>

          <section aria-labelledby="install-snippet" data-install="snippet">
            <h2 id="install-snippet">{w.snippetTitle}</h2>
            <p>{w.snippetHow}</p>
            <CopyBox id="snippet-head" label={w.snippetTitle} text={embedSnippet(collector, s.siteKey)} words={w} />
            <p class="muted">{w.snippetPrivacy}</p>
            <h3>{w.markersTitle}</h3>
            <p>{w.markersHow}</p>
            <CopyBox id="snippet-markers" label={w.markersTitle} text={MARKERS} words={w} />
          </section>

          <section aria-labelledby="install-gtm" data-install="gtm">
            <h2 id="install-gtm">{w.gtmTitle}</h2>
            <p>{w.gtmIntro}</p>
            <ol>
              <li>{w.gtmStep1}</li>
              <li>{w.gtmStep2}</li>
              <li>{w.gtmStep3}</li>
              <li>{w.gtmStep4}</li>
            </ol>
            <CopyBox id="snippet-gtm" label={w.gtmTitle} text={tagManagerSnippet(collector, s.siteKey)} words={w} />
            <p class="muted">{w.gtmNote}</p>
          </section>

          <section aria-labelledby="install-origins" data-install="origins">
            <h2 id="install-origins">{w.originsTitle}</h2>
            {s.allowedOrigins.length === 0 ? (
              <p class="state state-error">{w.originsNone}</p>
            ) : s.allowedOrigins.includes("*") ? (
              <p>{w.originsAny}</p>
            ) : (
              <ul data-origins>
                {s.allowedOrigins.map((o) => (
                  <li>
                    <code>{o}</code>
                  </li>
                ))}
              </ul>
            )}
            <p>{w.originsHow}</p>
            <pre>
              <code>{`npm run hikiai -- origins add --site ${s.siteKey} --origin https://www.example.com`}</code>
            </pre>
          </section>
        </>
      )}
      <section aria-labelledby="install-refusals" data-install="refusals">
        <h2 id="install-refusals">{w.refusalsTitle}</h2>
        {refusals.error && <ErrorBox t={t} error={refusals.error} retry={refusals.reload} />}
        {refusals.loading && <Loading t={t} />}
        {refusals.data && refused.length === 0 && <p>{w.refusalsNone}</p>}
        {refused.length > 0 && (
          <ul class="refusals" data-refusals>
            {refused.map((r) => {
              const advice = refusalAdvice(r, lang);
              return (
                <li data-code={r.code}>
                  <strong>{advice.summary}</strong>
                  <br />
                  {advice.fix}
                </li>
              );
            })}
          </ul>
        )}
        {bots.length > 0 && (
          <p class="muted" data-bots>
            {w.refusalsBots}: {bots.map((b) => refusalAdvice(b, lang).summary).join(" · ")}
          </p>
        )}
      </section>
    </section>
  );
}
