// What a site owner types as an allowed origin → exactly what a browser sends in its `Origin`
// header (scheme://host[:port], lower-case host, no default port, no path), because the
// collector compares the two as strings. Anything else is refused with a hint, never stored.

/** An origin the owner typed cannot be used; `message` says why and what to type instead. */
export class OriginError extends Error {}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * The browser's form of `input`, or "*" (any origin, only when given explicitly).
 * @example normaliseOrigin("HTTPS://WWW.Acme.example:443/") // "https://www.acme.example"
 */
export function normaliseOrigin(input: string): string {
  const value = input.trim();
  if (value === "*") return "*";
  if (!value) throw new OriginError("an origin cannot be empty");
  if (!SCHEME.test(value)) {
    throw new OriginError(`"${value}" has no scheme: did you mean https://${value.replace(/\/+$/, "")} ?`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OriginError(`"${value}" is not a URL (expected e.g. https://www.example.com)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new OriginError(`"${value}" must start with https:// or http://`);
  }
  const origin = url.origin;
  // A lone trailing slash is how browsers print an origin as a URL: drop it. A path, query,
  // fragment or credentials mean the owner pasted a page address; an origin never has them.
  if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
    throw new OriginError(`"${value}" is a page address, not an origin: use ${origin} (scheme and host only)`);
  }
  return origin;
}
