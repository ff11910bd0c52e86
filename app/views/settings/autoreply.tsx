// The settings page's auto-reply section (admins; loaded on first use): the sender identity and
// footer, then each form's texts with a preview (worker/routes/autoreply.ts, docs/mail.md).
import { useState } from "preact/hooks";
import type { AutoReply, MailSender } from "../../../shared/autoreply.ts";
import { type Lang, type T, viewWords } from "../../lib/i18n.ts";
import { useApi } from "../../lib/use-api.ts";
import { ErrorBox, Loading } from "../../shell/states.tsx";
import { AutoReplyEditor, type AutoReplySettings } from "./autoreply-editor.tsx";
import { SenderForm } from "./autoreply-sender.tsx";
import { MAIL_WORDS } from "./mail-words.ts";
import "./mail.css";

export default function AutoReplySection({ lang, t }: { lang: Lang; t: T }) {
  const w = viewWords(lang, MAIL_WORDS);
  const settings = useApi<AutoReplySettings>("/v1/autoreply");
  const resources = useApi<{ data: { resourceId: string; title: string }[] }>("/v1/resources");
  const [refused, setRefused] = useState<Record<string, string>>({});
  const s = settings.data;
  const senderSaved = (sender: MailSender) => {
    if (s) settings.setData({ ...s, sender });
  };
  const replySaved = (reply: AutoReply) => {
    if (!s) return;
    const same = (r: AutoReply) => r.formKind === reply.formKind && r.resourceId === reply.resourceId;
    const replies = s.replies.some(same) ? s.replies.map((r) => (same(r) ? reply : r)) : [...s.replies, reply];
    settings.setData({ ...s, replies });
  };
  return (
    <section aria-labelledby="settings-autoreply" data-settings="autoreply">
      <h2 id="settings-autoreply">{w.autoReply}</h2>
      <p class="muted">{w.autoReplyHow}</p>
      {settings.error && <ErrorBox t={t} error={settings.error} retry={settings.reload} />}
      {settings.loading && <Loading t={t} />}
      {s && (
        <div class="mail-columns">
          <SenderForm sender={s.sender} refused={refused} onTry={() => setRefused({})} onSaved={senderSaved} w={w} />
          <AutoReplyEditor
            settings={s}
            resources={resources.data?.data ?? []}
            onSaved={replySaved}
            onSenderRefused={setRefused}
            w={w}
          />
        </div>
      )}
    </section>
  );
}
