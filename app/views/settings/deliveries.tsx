// A webhook's delivery log: each delivery with its attempts' last answer, and redeliver.
import type * as z from "zod/mini";
import type { DeliveryListSchema } from "../../../shared/webhooks.ts";
import { api } from "../../lib/api.ts";
import { formatDateTime, type Lang, type T } from "../../lib/i18n.ts";
import { useApi } from "../../lib/use-api.ts";
import { ErrorBox, Loading } from "../../shell/states.tsx";
import { TableWrap } from "../table-wrap.tsx";
import { useAction } from "./action.tsx";
import type { SettingsWords } from "./words.ts";

type Deliveries = z.infer<typeof DeliveryListSchema>;

const STATUS = { pending: "statusPending", delivered: "statusDelivered", failed: "statusFailed" } as const;

interface Props {
  webhookId: string;
  timeZone: string;
  lang: Lang;
  t: T;
  w: SettingsWords;
}

/** The log of one webhook; give it a new `key` to ask again (after a test was sent). */
export function DeliveryLog({ webhookId, timeZone, lang, t, w }: Props) {
  const log = useApi<Deliveries>(`/v1/webhooks/${encodeURIComponent(webhookId)}/deliveries`, { limit: 20 });
  const action = useAction();
  if (log.error) return <ErrorBox t={t} error={log.error} retry={log.reload} />;
  if (!log.data) return <Loading t={t} />;
  if (log.data.data.length === 0) return <p class="muted">{w.noDeliveries}</p>;
  return (
    <TableWrap label={w.log}>
      {action.outcome}
      <table data-deliveries={webhookId}>
        <thead>
          <tr>
            <th scope="col">{w.when}</th>
            <th scope="col">{w.event}</th>
            <th scope="col">{w.state}</th>
            <th scope="col">{w.attempts}</th>
            <th scope="col">{w.lastAttempt}</th>
            <th scope="col">
              <span class="visually-hidden">{w.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {log.data.data.map((d) => {
            const last = d.log[d.log.length - 1];
            return (
              <tr key={d.id} data-delivery={d.id} data-status={d.status}>
                <td class="left">{formatDateTime(d.createdAt, lang, timeZone)}</td>
                <td class="left">{d.event}</td>
                <td class="left">{w[STATUS[d.status]]}</td>
                <td>{d.attempts}</td>
                <td class="left">{last ? (last.statusCode ?? last.error ?? "") : ""}</td>
                <td>
                  <button
                    type="button"
                    disabled={action.busy}
                    onClick={async () => {
                      const ok = await action.run(
                        () => api.post(`/v1/webhooks/deliveries/${encodeURIComponent(d.id)}/redeliver`),
                        w.redelivered,
                      );
                      if (ok) log.reload();
                    }}
                  >
                    {w.redeliver}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
