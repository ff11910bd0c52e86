import type { FormKind } from "../contract.ts";

/**
 * Tells the site owner, in the console, that the collector turns this page away: the
 * collector's message says what is wrong; the fix that needs this page's origin is spelled out.
 */
export function reportRefusal(r: { status: number; code?: string; message?: string }): void {
  const fix = r.code === "origin_not_allowed" ? `: add ${location.origin} to the site's allowed origins` : "";
  console.error(`[hikiai] submission refused (${r.status} ${r.code}) ${r.message}${fix}`);
}

/**
 * Google Tag Manager's dataLayer, when the page has one, hears of each submission: the kind and
 * the record id only, never personal data.
 */
export function pushToDataLayer(kind: FormKind, id: string): void {
  const dataLayer = (window as { dataLayer?: unknown[] }).dataLayer;
  if (Array.isArray(dataLayer)) {
    dataLayer.push({ event: kind === "lead" ? "hikiai_lead" : "hikiai_inquiry", hikiai_kind: kind, hikiai_id: id });
  }
}
