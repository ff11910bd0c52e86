/**
 * Normalises an e-mail address so one person is one contact: Unicode NFKC (full-width input
 * from Japanese keyboards becomes ASCII), surrounding white space removed, lower-cased.
 * Lower-casing the local part is technically lossy, but no mail provider our users meet
 * distinguishes case there, and every form tool in this space treats addresses that way.
 */
export function normaliseEmail(raw: string): string {
  return raw.normalize("NFKC").trim().toLowerCase();
}

// Providers that deliver `first.last@` and `firstlast@` to one inbox.
const DOTS_IGNORED: Record<string, string> = { "gmail.com": "gmail.com", "googlemail.com": "gmail.com" };

/**
 * The inbox a normalised address reaches, for counting the mail one person gets (the mail caps):
 * a sub-address (`name+anything@`, RFC 5233) is dropped, since Gmail, Outlook.com, iCloud,
 * Microsoft 365 and Google Workspace deliver it to `name@`, and Gmail's dots too. Only for
 * counting: mail still goes to the address as typed. On a provider without sub-addresses this
 * merges two people's counts, which makes their cap stricter, never looser.
 * @example mailboxKey("ta.ro+news@googlemail.com") // "taro@gmail.com"
 */
export function mailboxKey(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return email;
  const domain = email.slice(at + 1);
  const plus = email.indexOf("+");
  let local = plus > 0 && plus < at ? email.slice(0, plus) : email.slice(0, at);
  const dotless = DOTS_IGNORED[domain];
  if (dotless) local = local.replaceAll(".", "");
  return `${local}@${dotless ?? domain}`;
}
