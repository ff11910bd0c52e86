// The page of a browser without a session: a sign-in link by mail (POST /auth/mail-link), or one
// an admin makes with the CLI. The API answers the same for every address, so the page says what
// happens *if* the address is a member's, never whether it is.
import { useState } from "preact/hooks";
import { type ApiError, api } from "../lib/api.ts";
import type { T } from "../lib/i18n.ts";
import { ErrorBox } from "./states.tsx";

function MailLinkForm({ t }: { t: T }) {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    setSending(true);
    setError(null);
    setSent(null);
    api.post("/auth/mail-link", { body: { email } }).then(
      () => {
        setSending(false);
        setSent(email);
      },
      (err: ApiError) => {
        setSending(false);
        setError(err);
      },
    );
  };

  return (
    <form class="mail-link" onSubmit={submit}>
      <label for="mail-link-email">{t("signedOut.email")}</label>
      <div class="mail-link-row">
        <input
          id="mail-link-email"
          type="email"
          name="email"
          autocomplete="email"
          required
          value={email}
          onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={sending}>
          {sending ? t("signedOut.sending") : t("signedOut.send")}
        </button>
      </div>
      {sent !== null && <p role="status">{t("signedOut.sent", { email: sent })}</p>}
      {error && <ErrorBox t={t} error={error} />}
    </form>
  );
}

/** Shown when there is no session: a sign-in link by mail, or from an admin's CLI. */
export function SignedOut({ t, signedOutNow }: { t: T; signedOutNow: boolean }) {
  return (
    <main class="signed-out" id="main">
      <h1>{t("signedOut.title")}</h1>
      {signedOutNow && <p role="status">{t("signedOut.done")}</p>}
      <p>{t("signedOut.body")}</p>
      <MailLinkForm t={t} />
      <p>{t("signedOut.cli")}</p>
      <pre>
        <code>npm run hikiai -- login --site SITE_KEY --email you@example.com</code>
      </pre>
      <p>{t("signedOut.after")}</p>
    </main>
  );
}
