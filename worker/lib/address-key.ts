// What a per-address rate limit counts: one IPv4 address, or one IPv6 /64. An IPv6 client is
// handed at least a /64 (often a /56 or /48) and can take a fresh address from it for every
// request, so counting whole IPv6 addresses would give it 2^64 separate allowances.

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The 8 groups of an IPv6 address (`::` expanded, an embedded IPv4 tail as two groups), or null. */
function ipv6Groups(address: string): number[] | null {
  const halves = address.toLowerCase().split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => {
    if (part === "") return [];
    const pieces = part.split(":");
    const last = pieces.at(-1) ?? "";
    const v4 = IPV4.exec(last);
    const tail = v4 ? [(Number(v4[1]) << 8) | Number(v4[2]), (Number(v4[3]) << 8) | Number(v4[4])] : [];
    const hex = v4 ? pieces.slice(0, -1) : pieces;
    if (!hex.every((p) => /^[0-9a-f]{1,4}$/.test(p))) return null;
    return [...hex.map((p) => Number.parseInt(p, 16)), ...tail];
  };
  const head = parse(halves[0] ?? "");
  const rest = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (!head || !rest) return null;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...Array<number>(missing).fill(0), ...rest];
}

/**
 * The rate-limit key of a client address: an IPv4 address as is (also when written as an
 * IPv4-mapped IPv6 address, `::ffff:192.0.2.1`), an IPv6 address as its /64 (`2001:db8:1:2::/64`).
 * Anything else is returned unchanged (Cloudflare always sends one of the two).
 */
export function addressKey(address: string): string {
  if (!address.includes(":")) return address;
  const groups = ipv6Groups(address.replace(/%.*$/, ""));
  if (!groups) return address;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}
