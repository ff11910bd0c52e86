/** Secrets and public keys, and how API keys are stored (SHA-256 hex of the secret). */

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const randomHex = (bytes: number) => toHex(crypto.getRandomValues(new Uint8Array(bytes)));

/** A new public site key, safe to embed in pages. */
export const newSiteKey = () => `site_${randomHex(12)}`;

/** A new API key secret: shown once, never stored. */
export const newApiKey = () => `hk_${randomHex(24)}`;

/**
 * Hash under which an API key is stored. A plain SHA-256 suffices (no salt, no slow hash):
 * the keys are 192 random bits, so there is nothing to brute-force, and lookup stays one index hit.
 */
export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return toHex(new Uint8Array(digest));
}
