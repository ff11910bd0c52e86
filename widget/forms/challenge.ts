// Cloudflare Turnstile, for sites that use it: the forms chunk asks the collector once per page
// whether the site does (GET /v1/widget-config), and only then imports the Turnstile chunk
// (t-<hash>.js), which loads Cloudflare's script. Other sites never load either.
import type { Challenge, ChallengeModule, LoaderApi, TurnstileConfig } from "../contract.ts";
import { collectorOrigin } from "./collector.ts";
import { allowCounting } from "./track.ts";

declare const __HIKIAI_TURNSTILE__: string;

type Pending = Promise<Challenge | null | undefined>;
let pending: Pending | undefined;

/** The site's challenge; null or undefined when it uses none (or the collector could not be asked). */
export function challengeFor(api: LoaderApi): Pending {
  if (pending) return pending;
  // Bounded: a submit waits for this answer (usually long since arrived: it is asked as the form shows).
  const asked: Pending = fetch(`${collectorOrigin}/v1/widget-config?site=${encodeURIComponent(api.config.data.site)}`, {
    signal: AbortSignal.timeout?.(5000),
  })
    .then((r) => r.json() as Promise<{ turnstile: TurnstileConfig | null; formAnalytics: boolean }>)
    .then(({ turnstile, formAnalytics }) => {
      if (!turnstile) {
        allowCounting(formAnalytics);
        return null;
      }
      return import(/* @vite-ignore */ new URL(__HIKIAI_TURNSTILE__, import.meta.url).href).then(
        (m: ChallengeModule) => {
          const challenge = m.challenge(turnstile);
          const { token } = challenge;
          // Form analytics count on a Turnstile site only once a challenge was passed.
          challenge.token = async (host, lang) => {
            const t = await token(host, lang);
            if (t) allowCounting(formAnalytics);
            return t;
          };
          return challenge;
        },
      );
    })
    // Asked again next time: the collector refuses a token-less submission of a Turnstile site,
    // and the visitor's next try must get the challenge.
    .catch(() => {
      pending = undefined;
      return undefined;
    });
  pending = asked;
  return asked;
}

/**
 * After an answer that did not store the submission: a new token for the next try (`refused`:
 * the token was not accepted). A site that turned Turnstile on after this page asked is asked again.
 */
export async function renewChallenge(api: LoaderApi, host: Element, refused: boolean) {
  const challenge = await challengeFor(api);
  if (challenge) challenge.reset(host, refused);
  else if (refused) pending = undefined;
}
