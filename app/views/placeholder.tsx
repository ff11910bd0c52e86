import { viewWords } from "../lib/i18n.ts";
import type { ViewProps } from "../lib/types.ts";

/** A view not built yet: its title and a note (replaced by the real view in the same file). */
export function Placeholder({ lang, name, ja, en }: ViewProps & { name: string; ja: string; en: string }) {
  const w = viewWords(lang, { ja: { title: ja, soon: "準備中です。" }, en: { title: en, soon: "Coming soon." } });
  return (
    <section class="view" data-view={name} aria-labelledby="view-title">
      <h1 id="view-title">{w.title}</h1>
      <p>{w.soon}</p>
    </section>
  );
}
