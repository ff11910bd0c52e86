/**
 * A v4 UUID from 16 random bytes. Used where crypto.randomUUID is missing: it exists only in
 * secure contexts, and plenty of host pages are still served over http (getRandomValues works
 * in every context).
 */
export function uuidFromBytes(bytes: Uint8Array): string {
  let hex = "";
  bytes.forEach((x, i) => {
    // Byte 6 carries the version (4), byte 8 the RFC 9562 variant (10xx).
    const b = i === 6 ? (x & 0x0f) | 0x40 : i === 8 ? (x & 0x3f) | 0x80 : x;
    hex += (b + 256).toString(16).slice(1) + ([3, 5, 7, 9].includes(i) ? "-" : "");
  });
  return hex;
}

/** A new submissionId: made once per submission and kept on every retry. */
export function newSubmissionId(): string {
  return crypto.randomUUID?.() ?? uuidFromBytes(crypto.getRandomValues(new Uint8Array(16)));
}
