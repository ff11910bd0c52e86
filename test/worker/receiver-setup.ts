// Global setup of the worker tests (runs in Node): a real HTTP webhook receiver on a free port,
// its URL provided to the tests in workerd as inject("receiverUrl").
import type { TestProject } from "vitest/node";
import { startWebhookReceiver } from "../../scripts/webhook-receiver.ts";

declare module "vitest" {
  export interface ProvidedContext {
    receiverUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const receiver = await startWebhookReceiver();
  project.provide("receiverUrl", receiver.url);
  return () => receiver.close();
}
