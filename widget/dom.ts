// The widget builds its few elements by hand instead of with Preact: with the shared zod
// schemas taking ~7.5 KB gzip, Preact's ~5.5 KB would not leave room in the 15 KB budget for
// the forms themselves, and these forms change in three or four places only.

export type Child = Node | string | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | EventListener>;

/**
 * Creates an element: `on…` attributes become listeners, `true` an empty attribute, `false`
 * and `undefined` are left out; falsy children are skipped.
 * @example h("label", { for: "hk-email" }, "メールアドレス")
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== false) el.setAttribute(key, value === true ? "" : String(value));
  }
  // replaceChildren, not append: the Workers types in this tsconfig shadow Element.append.
  el.replaceChildren(...(children.filter(Boolean) as (Node | string)[]));
  return el;
}
