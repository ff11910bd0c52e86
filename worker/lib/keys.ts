/**
 * Secrets and public keys, and how API keys are stored (SHA-256 hex of the secret).
 *
 * API keys follow GitHub's token format so that secret scanners (GitHub push protection,
 * gitleaks, trufflehog with a custom rule) can recognise a leaked one and tell it from noise:
 * a fixed prefix, 30 base62 random characters (178 bits), and a 6-character base62 CRC32 of
 * everything before it. The checksum lets us refuse a mistyped or truncated key without a D1
 * lookup, and lets a scanner confirm a match offline.
 */

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const randomHex = (bytes: number) => toHex(crypto.getRandomValues(new Uint8Array(bytes)));

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** Every API key starts with this; also the secret scanners' anchor. */
export const API_KEY_PREFIX = "hk_live_";
const RANDOM_CHARS = 30;
const CHECKSUM_CHARS = 6; // 62^6 > 2^32: any CRC32 fits
/** A well-formed API key, for secret scanners and the README. */
export const API_KEY_PATTERN = /^hk_live_[0-9A-Za-z]{36}$/;
/** Keys made before the checksum format (`hk_` + 48 hex); still accepted. */
const LEGACY_KEY_PATTERN = /^hk_[0-9a-f]{48}$/;

/** `count` uniformly random base62 characters (bytes ≥ 248 are redrawn: no modulo bias). */
function randomBase62(count: number): string {
  let out = "";
  while (out.length < count) {
    for (const byte of crypto.getRandomValues(new Uint8Array(count * 2))) {
      if (byte < 248 && out.length < count) out += BASE62[byte % 62];
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/**
 * CRC-32 (IEEE 802.3, as zlib and GitHub's tokens use) of an ASCII string.
 * @example crc32("123456789") // 0xcbf43926
 */
export function crc32(ascii: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < ascii.length; i++) crc = CRC_TABLE[(crc ^ ascii.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function checksum(body: string): string {
  let n = crc32(body);
  let out = "";
  for (let i = 0; i < CHECKSUM_CHARS; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** A new public site key, safe to embed in pages. */
export const newSiteKey = () => `site_${randomHex(12)}`;

/** A new API key secret (`hk_live_…`): shown once, never stored. */
export function newApiKey(): string {
  const body = API_KEY_PREFIX + randomBase62(RANDOM_CHARS);
  return body + checksum(body);
}

/**
 * Why a string cannot be an API key, or null when it is well-formed (then it is worth a lookup).
 * @example apiKeyFormatProblem("hk_live_abc") // "is not a hikiai API key: …"
 */
export function apiKeyFormatProblem(key: string): string | null {
  if (LEGACY_KEY_PATTERN.test(key)) return null;
  if (!API_KEY_PATTERN.test(key)) {
    return `is not a hikiai API key: expected ${API_KEY_PREFIX} followed by 36 letters and digits`;
  }
  const body = key.slice(0, -CHECKSUM_CHARS);
  if (checksum(body) !== key.slice(-CHECKSUM_CHARS)) return "has a wrong checksum: the key was mistyped or cut short";
  return null;
}

/**
 * Hash under which an API key is stored. A plain SHA-256 suffices (no salt, no slow hash):
 * the keys carry 178 random bits, so there is nothing to brute-force, and lookup stays one index hit.
 */
export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return toHex(new Uint8Array(digest));
}
