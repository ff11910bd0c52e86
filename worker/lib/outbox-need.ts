// "Needs an outbox row": whether a new record makes work for the queue consumer. The collect
// batch writes the notification outbox row only then, so a site with nothing to notify, route or
// mail costs no queue message or consumer work per submission. Decided from the site as the
// isolate caches it (db/outbox-needs.ts): no statement is added to the collect batch for it.
import type { FormKind } from "../../shared/autoreply.ts";
import type { Site } from "../env.ts";

export interface OutboxNeed {
  /** Webhooks may want it: the site has an enabled webhook (a lead also needs the site's opt-in, in SQL). */
  webhook: boolean;
  /** The consumer has work for it besides webhooks: the auto-reply, routing rules, a resource sent by mail. */
  work: boolean;
}

/**
 * What a new record of `formKind` on `site` needs. A site whose needs were not loaded (a Site
 * made without the cache) counts as having a webhook, so its rows are still written.
 */
export function needsOutbox(site: Pick<Site, "outbox" | "needsInquiryOutbox">, formKind: FormKind): OutboxNeed {
  const work =
    !!site.outbox?.autoreply.includes(formKind) || (formKind !== "download" && site.needsInquiryOutbox === true);
  return { webhook: site.outbox?.webhook ?? true, work };
}

/**
 * The need as SubmissionMeta carries it; `byMail`: the lead's resource is delivered by mail
 * (routes/collect.ts decides it), more work for the consumer.
 */
export const outboxFlags = (need: OutboxNeed, byMail = false) => ({
  needsOutbox: need.work || byMail,
  hasWebhook: need.webhook,
});
