// Loading and error states, shared by the shell and every view.
import type { ApiError } from "../lib/api.ts";
import type { T } from "../lib/i18n.ts";

/** A polite live region, so screen readers hear that something is on its way. */
export function Loading({ t }: { t: T }) {
  return (
    <p class="state" role="status">
      <span class="spinner" aria-hidden="true" />
      {t("state.loading")}
    </p>
  );
}

/** What failed, in the API's words (naming the field), with a way to try again. */
export function ErrorBox({ t, error, retry }: { t: T; error: ApiError | Error; retry?: () => void }) {
  const network = "code" in error && error.code === "network_error";
  return (
    <div class="state state-error" role="alert">
      <p>
        <strong>{t("state.error")}</strong>
      </p>
      <p>{network ? t("state.network") : error.message}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {t("state.retry")}
        </button>
      )}
    </div>
  );
}
