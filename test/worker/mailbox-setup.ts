// Global setup of the worker tests (runs in Node): the local mailbox stand-in
// (scripts/mailbox-standin.ts) that receives what the worker sends, given to the tests as
// inject("mailboxUrl"). It listens on the port vitest.config.ts chose, because the worker's
// MAIL_BINDING_URL binding is fixed when the config is read.
import type { TestProject } from "vitest/node";
import { startMailboxStandIn } from "../../scripts/mailbox-standin.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mailboxUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mailbox = await startMailboxStandIn({ port: Number(process.env.HIKIAI_MAILBOX_PORT) || 0 });
  project.provide("mailboxUrl", mailbox.url);
  return () => mailbox.close();
}
