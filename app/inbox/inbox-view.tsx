import type { ViewProps } from "../lib/types.ts";
import { useApi } from "../lib/use-api.ts";
import { ErrorBox, Loading } from "../shell/states.tsx";
import type { InquiryPage } from "./types.ts";

/** The inbox (/app, /app/inbox): inquiries newest first, filters in the URL, the detail beside. */
export function InboxView({ t }: ViewProps) {
  const page = useApi<InquiryPage>("/v1/inquiries", { limit: 50 });
  return (
    <section class="inbox" data-view="inbox" aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t("inbox.title")}</h1>
      {page.error && <ErrorBox t={t} error={page.error} retry={page.reload} />}
      {page.loading && <Loading t={t} />}
      <ul>
        {page.data?.data.map((inquiry) => (
          <li key={inquiry.id} data-inbox-row={inquiry.id}>
            {t(`kind.${inquiry.kind}`)} {inquiry.contact.name ?? inquiry.contact.email}
          </li>
        ))}
      </ul>
    </section>
  );
}
