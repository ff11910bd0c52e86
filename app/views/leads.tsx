// Leads (/app/leads?grade=hot&resource=…&source=…&q=…): downloads newest first, with the person,
// their grade now and where they came from; cursor paging by "show more".
import type * as z from "zod/mini";
import type { LeadSchema } from "../../shared/api-team.ts";
import { formatDateTime } from "../lib/i18n.ts";
import { follow } from "../lib/router.ts";
import type { ViewProps } from "../lib/types.ts";
import { fill } from "./fill.ts";
import { PeopleList, VerifiedBadge } from "./people/list-parts.tsx";
import "./views.css";

type Lead = z.infer<typeof LeadSchema>;

export default function LeadsView(view: ViewProps) {
  const { site, lang, t } = view;
  const when = (at: string) => formatDateTime(at, lang, site.timeZone);
  return (
    <PeopleList<Lead>
      name="leads"
      path="/v1/leads"
      fields={["grade", "verified", "resource", "source", "q"]}
      view={view}
      columns={(w) => [w.when, w.person, w.company, w.grade, w.resource, w.source, w.downloads]}
      row={(lead, w) => (
        <tr key={lead.id} data-row={lead.id}>
          <td class="left">{when(lead.firstDownloadAt)}</td>
          <th scope="row">
            <a href={`/app/contacts/${encodeURIComponent(lead.contact.id)}`} onClick={follow}>
              {lead.contact.name ?? lead.contact.email}
            </a>{" "}
            <VerifiedBadge at={lead.contact.verifiedAt} w={w} when={when} />
          </th>
          <td class="left">{lead.contact.company ?? ""}</td>
          <td class="left">
            <span class={`grade grade-${lead.contact.grade}`}>{t(`grade.${lead.contact.grade}`)}</span>
          </td>
          <td class="left">{lead.resourceId}</td>
          <td class="left">
            {[lead.context.utm.source, lead.context.utm.campaign].filter(Boolean).join(" / ") || w.direct}
          </td>
          <td>{fill(w.times, { n: lead.downloadCount })}</td>
        </tr>
      )}
    />
  );
}
