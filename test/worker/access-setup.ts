// Global setup of the worker tests (runs in Node): the local Cloudflare Access stand-in (a team's
// certs and token signing, scripts/access-standin.ts) on a free port, its URL given to the tests
// as inject("accessUrl"). The real team domains are unreachable from the test machines. Tests pass
// ACCESS_TEAM_DOMAIN / ACCESS_AUD in the env of their own requests, so Access is off for the rest.
import type { TestProject } from "vitest/node";
import { startAccessStandIn } from "../../scripts/access-standin.ts";

declare module "vitest" {
  export interface ProvidedContext {
    accessUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const standIn = await startAccessStandIn();
  project.provide("accessUrl", standIn.url);
  return () => standIn.close();
}
