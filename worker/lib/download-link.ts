// Signed download links, mailed for resources delivered by mail (docs/downloads.md). A link
// names its site, lead, expiry and how many times it may be opened, and carries an HMAC-SHA256
// of those under the worker's DOWNLOAD_LINK_SECRET: nothing is stored per link, a changed
// character fails the signature, and the count of uses lives on the lead (db/download-links.ts).

/** What a link grants: opening lead `leadId`'s file of site `siteId` until `expiresAt`, `uses` times. */
export interface DownloadGrant {
  siteId: string;
  leadId: string;
  /** Epoch ms (stored in the token as seconds, rounded up). */
  expiresAt: number;
  uses: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Ids are UUIDs (hex and dashes); anything else in a token is refused before any crypto.
const TOKEN = /^([0-9a-f-]{36})\.([0-9a-f-]{36})\.(\d{1,12})\.(\d{1,3})\.([A-Za-z0-9_-]{43})$/;

const keys = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, key);
  }
  return key;
}

const base64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

const fromBase64url = (text: string) =>
  Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));

/** The grant a resource's settings give a lead mailed now. */
export const grantFor = (siteId: string, leadId: string, r: { linkDays: number; linkUses: number }, now: number) => ({
  siteId,
  leadId,
  expiresAt: now + r.linkDays * DAY_MS,
  uses: r.linkUses,
});

/**
 * The token of a grant: `site.lead.expirySeconds.uses.signature`.
 * @example await signDownloadToken(secret, grant) // "0b1f….7c3e….1767225600.5.Qm9…"
 */
export async function signDownloadToken(secret: string, grant: DownloadGrant): Promise<string> {
  const payload = `${grant.siteId}.${grant.leadId}.${Math.ceil(grant.expiresAt / 1000)}.${grant.uses}`;
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(payload));
  return `${payload}.${base64url(signature)}`;
}

/** The grant a token carries when its signature holds (expired or not: the caller tells), else null. */
export async function verifyDownloadToken(secret: string, token: string): Promise<DownloadGrant | null> {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const [, siteId = "", leadId = "", seconds = "", uses = "", signature = ""] = m;
  const payload = `${siteId}.${leadId}.${seconds}.${uses}`;
  // crypto.subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify(
    "HMAC",
    await hmacKey(secret),
    fromBase64url(signature),
    new TextEncoder().encode(payload),
  );
  return valid ? { siteId, leadId, expiresAt: Number(seconds) * 1000, uses: Number(uses) } : null;
}

/** The address of a grant's link on the collector at `publicUrl` (e.g. https://hikiai.example.workers.dev). */
export async function downloadUrl(secret: string, publicUrl: string, grant: DownloadGrant): Promise<string> {
  return `${publicUrl.replace(/\/+$/, "")}/d/${await signDownloadToken(secret, grant)}`;
}
