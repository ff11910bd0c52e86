// Contacts (/app/contacts?grade=…&q=…): every person of the site with grade and how many leads
// and inquiries they have; a row opens their page.
import type * as z from "zod/mini";
import type { ContactListItemSchema } from "../../shared/api-team.ts";
import { formatDateTime } from "../lib/i18n.ts";
import { follow } from "../lib/router.ts";
import type { ViewProps } from "../lib/types.ts";
import { PeopleList, VerifiedBadge } from "./people/list-parts.tsx";
import "./views.css";

type Contact = z.infer<typeof ContactListItemSchema>;

export default function ContactsView(view: ViewProps) {
  const { site, lang, t } = view;
  const when = (at: string) => formatDateTime(at, lang, site.timeZone);
  return (
    <PeopleList<Contact>
      name="contacts"
      path="/v1/contacts"
      fields={["grade", "verified", "q"]}
      view={view}
      columns={(w) => [w.person, w.company, w.grade, w.leadCount, w.inquiryCount, w.updated]}
      row={(c, w) => (
        <tr key={c.id} data-row={c.id}>
          <th scope="row">
            <a href={`/app/contacts/${encodeURIComponent(c.id)}`} onClick={follow}>
              {c.name ?? c.email}
            </a>{" "}
            <VerifiedBadge at={c.verifiedAt} w={w} when={when} />
            {c.name && <span class="muted sub">{c.email}</span>}
          </th>
          <td class="left">{c.company ?? ""}</td>
          <td class="left">
            <span class={`grade grade-${c.grade}`}>{t(`grade.${c.grade}`)}</span>
          </td>
          <td>{c.leadCount}</td>
          <td>{c.inquiryCount}</td>
          <td>{when(c.updatedAt)}</td>
        </tr>
      )}
    />
  );
}
