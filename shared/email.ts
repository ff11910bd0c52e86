/**
 * Normalises an e-mail address so one person is one contact: Unicode NFKC (full-width input
 * from Japanese keyboards becomes ASCII), surrounding white space removed, lower-cased.
 * Lower-casing the local part is technically lossy, but no mail provider our users meet
 * distinguishes case there, and every form tool in this space treats addresses that way.
 */
export function normaliseEmail(raw: string): string {
  return raw.normalize("NFKC").trim().toLowerCase();
}
