import { useState } from "preact/hooks";

interface CopyBoxProps {
  id: string;
  label: string;
  text: string;
  words: { copy: string; copied: string; copyFailed: string };
}

/** Code to paste elsewhere: read-only, selectable, with a copy button that says it worked. */
export function CopyBox({ id, label, text, words }: CopyBoxProps) {
  const [said, setSaid] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid(words.copied);
    } catch {
      // Clipboard refused (permissions, insecure origin): select it for Ctrl+C instead.
      (document.getElementById(id) as HTMLTextAreaElement | null)?.select();
      setSaid(words.copyFailed);
    }
  };
  return (
    <div class="copy-box">
      <label for={id} class="visually-hidden">
        {label}
      </label>
      <textarea id={id} readOnly rows={text.split("\n").length + 1} value={text} spellcheck={false} />
      <p class="copy-row">
        <button type="button" onClick={copy} aria-describedby={id}>
          {words.copy}
        </button>{" "}
        <span role="status" class="muted">
          {said}
        </span>
      </p>
    </div>
  );
}
