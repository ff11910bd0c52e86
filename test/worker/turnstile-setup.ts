// Global setup of the worker tests (runs in Node): the local Turnstile stand-in (siteverify and
// api.js, scripts/turnstile-standin.ts) on a free port, its URL given to the tests as
// inject("turnstileUrl"). The real siteverify is unreachable from the test machines.
import type { TestProject } from "vitest/node";
import { startTurnstileStandIn } from "../../scripts/turnstile-standin.ts";

declare module "vitest" {
  export interface ProvidedContext {
    turnstileUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const standIn = await startTurnstileStandIn();
  project.provide("turnstileUrl", standIn.url);
  return () => standIn.close();
}
