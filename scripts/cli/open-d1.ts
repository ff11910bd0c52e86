import { join } from "node:path";
import type { Env } from "../../worker/env.ts";

/** The D1 database the CLI works on: the local one (wrangler's state) or, with `remote`, the deployed one. */
export async function openD1(options: { remote: boolean; persist?: string }) {
  // Imported here: wrangler takes a while to load, and usage errors should not wait for it.
  const { getPlatformProxy } = await import("wrangler");
  const proxy = await getPlatformProxy<Env>({
    environment: options.remote ? "remote" : undefined,
    // Same meaning as wrangler's --persist-to, which keeps its state in a v3/ folder below it.
    persist: options.persist ? { path: join(options.persist, "v3") } : true,
    remoteBindings: options.remote,
  });
  return { db: proxy.env.DB, close: () => proxy.dispose() };
}
