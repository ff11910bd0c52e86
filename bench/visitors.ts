// Benchmark requests each come from their own visitor address (198.18.0.0/15, the benchmarking
// range), as on a real site: the collect rate limit (per site and address) is consulted on every
// request and never refuses one, since no address sends more than one. Loopback is not limited.
let visitors = 0;

/** A visitor address not handed out before in this process (131,072 of them). */
export function visitorAddress(): string {
  const n = visitors++;
  return `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`;
}
