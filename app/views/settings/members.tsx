// The site's members (/v1/members): everyone sees who is on the team; admins add people, change
// roles and remove them (the API enforces the same).
import type { Member } from "../../inbox/types.ts";
import { api } from "../../lib/api.ts";
import type { T } from "../../lib/i18n.ts";
import type { Me, Role } from "../../lib/types.ts";
import { useApi } from "../../lib/use-api.ts";
import { ErrorBox, Loading } from "../../shell/states.tsx";
import { fill } from "../fill.ts";
import { TableWrap } from "../table-wrap.tsx";
import { useAction } from "./action.tsx";
import type { SettingsWords } from "./words.ts";

const ROLES: Role[] = ["viewer", "member", "admin"];

export function Members({ me, admin, t, w }: { me: Me; admin: boolean; t: T; w: SettingsWords }) {
  const members = useApi<{ data: Member[] }>("/v1/members");
  const action = useAction();
  const who = (m: Member) => m.name ?? m.email;
  const add = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const body = {
      email: String(data.get("email")).trim(),
      name: String(data.get("name")).trim() || undefined,
      role: String(data.get("role")),
    };
    await action.run(async () => {
      await api.post("/v1/members", { body });
      form.reset();
      members.reload();
    }, w.memberAdded);
  };
  const setRole = (m: Member, role: string) =>
    action.run(
      async () => {
        await api.patch(`/v1/members/${encodeURIComponent(m.id)}`, { body: { role } });
        members.reload();
      },
      fill(w.roleChanged, { who: who(m) }),
    );
  const remove = (m: Member) =>
    confirm(fill(w.removeMemberConfirm, { who: who(m) })) &&
    action.run(
      async () => {
        await api.delete(`/v1/members/${encodeURIComponent(m.id)}`);
        members.reload();
      },
      fill(w.memberRemoved, { who: who(m) }),
    );

  return (
    <section aria-labelledby="settings-members" data-settings="members">
      <h2 id="settings-members">{w.members}</h2>
      {action.outcome}
      {members.error && <ErrorBox t={t} error={members.error} retry={members.reload} />}
      {members.loading && <Loading t={t} />}
      {members.data && (
        <TableWrap label={w.membersTable}>
          <table data-members>
            <thead>
              <tr>
                <th scope="col">{w.name}</th>
                <th scope="col">{w.email}</th>
                <th scope="col">{w.role}</th>
                {admin && (
                  <th scope="col">
                    <span class="visually-hidden">{w.actions}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {members.data.data.map((m) => {
                const self = m.id === me.member.id;
                return (
                  <tr key={m.id} data-member={m.email}>
                    <th scope="row">
                      {who(m)} {self && <span class="muted">{w.you}</span>}
                    </th>
                    <td class="left">{m.email}</td>
                    <td class="left">
                      {admin && !self ? (
                        <select
                          aria-label={`${w.role}: ${who(m)}`}
                          value={m.role}
                          disabled={action.busy}
                          onChange={(e) => setRole(m, (e.currentTarget as HTMLSelectElement).value)}
                        >
                          {ROLES.map((r) => (
                            <option value={r}>{t(`role.${r}`)}</option>
                          ))}
                        </select>
                      ) : (
                        t(`role.${m.role as Role}`)
                      )}
                    </td>
                    {admin && (
                      <td>
                        {!self && (
                          <button type="button" disabled={action.busy} onClick={() => remove(m)}>
                            {w.remove}
                            <span class="visually-hidden">: {who(m)}</span>
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      {admin && (
        <form class="toolbar add-form" onSubmit={add} aria-label={w.addMember}>
          <label>
            {w.email} <input name="email" type="email" required />
          </label>
          <label>
            {w.name} <input name="name" maxLength={100} />
          </label>
          <label>
            {w.role}{" "}
            <select name="role" defaultValue="member">
              {ROLES.map((r) => (
                <option value={r}>{t(`role.${r}`)}</option>
              ))}
            </select>
          </label>
          <button type="submit" class="primary" disabled={action.busy}>
            {w.addMember}
          </button>
        </form>
      )}
    </section>
  );
}
