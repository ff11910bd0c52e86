// npm run site:create -- --name "ACME" --origin https://acme.example [--origin …] [--site KEY] [--remote]
// Creates a site and an API key in the local D1 (the one `npm start` uses) or, with --remote,
// in the deployed one. The API key is printed once; only its hash is stored.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { getPlatformProxy } from "wrangler";
import type { Env } from "../worker/env.ts";
import { provisionSite } from "./provision-site.ts";

const { values } = parseArgs({
  options: {
    name: { type: "string" },
    origin: { type: "string", multiple: true, default: [] },
    site: { type: "string" },
    label: { type: "string", default: "cli" },
    remote: { type: "boolean", default: false },
    persist: { type: "string" }, // like wrangler's --persist-to
  },
});

if (!values.name && !values.site) {
  console.error('Usage: npm run site:create -- --name "Site name" --origin https://example.com [--remote]');
  console.error("       npm run site:create -- --site SITE_KEY   (new API key for an existing site)");
  process.exit(2);
}

const proxy = await getPlatformProxy<Env>({
  environment: values.remote ? "remote" : undefined,
  // Same meaning as wrangler's --persist-to, which keeps its state in a v3/ folder below it.
  persist: values.persist ? { path: join(values.persist, "v3") } : true,
  remoteBindings: values.remote,
});
try {
  const result = await provisionSite(proxy.env.DB, {
    name: values.name ?? "",
    origins: values.origin,
    siteKey: values.site,
    label: values.label,
  });
  console.log(result.created ? "Site created." : "Site exists; new API key added.");
  console.log(`  site key: ${result.siteKey}   (public: goes in the script tag)`);
  console.log(`  API key:  ${result.apiKey}   (secret: shown only now)`);
} catch (err) {
  console.error(String(err));
  if (String(err).includes("no such table")) console.error("Run `npm run db:migrate` first.");
  process.exitCode = 1;
} finally {
  await proxy.dispose();
}
