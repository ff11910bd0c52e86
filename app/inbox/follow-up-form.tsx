import { useEffect, useState } from "preact/hooks";
import { STATUS_TRANSITIONS } from "../../shared/status-transitions.ts";
import { ApiError, api } from "../lib/api.ts";
import type { T } from "../lib/i18n.ts";
import type { InquiryDetail, Member } from "./types.ts";

interface FollowUpFormProps {
  inquiry: InquiryDetail;
  members: Member[] | undefined;
  t: T;
  /** The inquiry as the API answered the PATCH: shown at once in the pane and the list. */
  onSaved: (inquiry: InquiryDetail) => void;
}

/** Status (only the moves the workflow allows), assignee (a member of the site) and note, saved together. */
export function FollowUpForm({ inquiry, members, t, onSaved }: FollowUpFormProps) {
  const [status, setStatus] = useState(inquiry.status);
  const [assignee, setAssignee] = useState(inquiry.assignee ?? "");
  const [note, setNote] = useState(inquiry.note ?? "");
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ApiError>();

  // Another inquiry, or this one after a save: start from what the API holds.
  useEffect(() => {
    setStatus(inquiry.status);
    setAssignee(inquiry.assignee ?? "");
    setNote(inquiry.note ?? "");
  }, [inquiry.id, inquiry.updatedAt]);
  useEffect(() => setSaved(false), [inquiry.id]);

  const changes: Record<string, string | null> = {};
  if (status !== inquiry.status) changes.status = status;
  if (assignee !== (inquiry.assignee ?? "")) changes.assignee = assignee || null;
  if (note.trim() !== (inquiry.note ?? "")) changes.note = note.trim() || null;
  const dirty = Object.keys(changes).length > 0;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!dirty || saving) return;
    setSaving(true);
    setError(undefined);
    setSaved(false);
    try {
      onSaved(await api.patch<InquiryDetail>(`/v1/inquiries/${encodeURIComponent(inquiry.id)}`, { body: changes }));
      setSaved(true);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "client_error", String(e)));
    } finally {
      setSaving(false);
    }
  };

  // A current assignee who is no member (set by an API key, or since removed) stays selectable.
  const people = members ?? [];
  const unknownAssignee = inquiry.assignee && !people.some((m) => m.email === inquiry.assignee);

  return (
    <form class="follow-up" onSubmit={submit} aria-labelledby="follow-up-title">
      <h3 id="follow-up-title">{t("detail.followUp")}</h3>
      <div class="follow-up-fields">
        <label class="field">
          <span>{t("detail.status")}</span>
          <select
            name="status"
            value={status}
            onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value as typeof status)}
          >
            {[inquiry.status, ...STATUS_TRANSITIONS[inquiry.status]].map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t("detail.assignee")}</span>
          <select
            name="assignee"
            value={assignee}
            onChange={(e) => setAssignee((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t("inbox.unassigned")}</option>
            {unknownAssignee && <option value={inquiry.assignee!}>{inquiry.assignee}</option>}
            {people.map((m) => (
              <option key={m.id} value={m.email}>
                {m.name ? `${m.name} <${m.email}>` : m.email}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label class="field">
        <span>{t("detail.note")}</span>
        <textarea
          name="note"
          rows={3}
          value={note}
          onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={!dirty || saving}>
          {saving ? t("detail.saving") : t("detail.save")}
        </button>
        <span role="status" class="saved">
          {saved && !dirty ? t("detail.saved") : ""}
        </span>
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error.code === "network_error" ? t("state.network") : error.message}
        </p>
      )}
    </form>
  );
}
