/** The canonical IANA name of `zone` (e.g. "asia/tokyo" → "Asia/Tokyo"), or null if unknown. */
export function canonicalTimeZone(zone: string): string | null {
  // Offsets such as "+09:00" are valid for Intl but are not zones: they have no daylight-saving
  // rules, so a site's day boundaries would silently be wrong for half of the year.
  if (!/^[A-Za-z]/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
