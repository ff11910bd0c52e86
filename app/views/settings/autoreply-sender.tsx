// The auto-reply's sender identity and the 特定電子メール法 footer (PATCH /v1/autoreply/sender).
// The API's reasons stand next to their fields, also when turning a form's auto-reply on was
// refused for a missing sender field (`sender.<field>` of the editor's 422).
import type { MailSender } from "../../../shared/autoreply.ts";
import { api } from "../../lib/api.ts";
import { SubmitRow, useAction } from "./action.tsx";
import { Field } from "./mail-field.tsx";
import type { MailWords } from "./mail-words.ts";

const TEXT_FIELDS = ["senderName", "fromAddress", "replyTo", "footerSender", "footerContact", "footerOptout"] as const;
type TextField = (typeof TEXT_FIELDS)[number];

const TYPES: Partial<Record<TextField, "email">> = { fromAddress: "email", replyTo: "email" };
const MAX: Record<TextField, number> = {
  senderName: 100,
  fromAddress: 254,
  replyTo: 254,
  footerSender: 200,
  footerContact: 300,
  footerOptout: 300,
};

/** The reason the API gave for a sender field, named `x` or `sender.x`. */
export const senderReason = (fields: Record<string, string>, name: string) => fields[name] ?? fields[`sender.${name}`];

interface Props {
  sender: MailSender;
  /** Field → reason from elsewhere (the editor's refusal to turn an auto-reply on). */
  refused: Record<string, string>;
  /** A save is tried: what was refused elsewhere gives way to this save's answer. */
  onTry: () => void;
  onSaved: (sender: MailSender) => void;
  w: MailWords;
}

export function SenderForm({ sender, refused, onTry, onSaved, w }: Props) {
  const action = useAction();
  const reason = (name: string) => senderReason(action.fields, name) ?? senderReason(refused, name);
  const save = async (event: Event) => {
    event.preventDefault();
    onTry();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const body: Record<string, string | number | null> = { hourlyCap: Number(data.get("hourlyCap")) };
    for (const name of TEXT_FIELDS) body[name] = String(data.get(name) ?? "").trim() || null;
    await action.run(async () => onSaved(await api.patch<MailSender>("/v1/autoreply/sender", { body })), w.senderSaved);
  };
  return (
    <form class="mail-form" onSubmit={save} aria-labelledby="autoreply-sender" data-autoreply="sender" noValidate>
      <h3 id="autoreply-sender">{w.sender}</h3>
      <p class="muted">{w.senderHow}</p>
      {TEXT_FIELDS.map((name) => (
        <Field
          key={name}
          form="sender"
          name={name}
          label={w[name]}
          value={sender[name] ?? ""}
          type={TYPES[name]}
          maxLength={MAX[name]}
          error={reason(name)}
        />
      ))}
      <Field
        form="sender"
        name="hourlyCap"
        label={w.hourlyCap}
        value={String(sender.hourlyCap)}
        type="number"
        hint={w.hourlyCapHelp}
        error={reason("hourlyCap")}
      />
      <SubmitRow action={action} label={w.saveSender} busyLabel={w.saving} />
    </form>
  );
}
