// Links and heading anchors of a Markdown document, the way GitHub renders it: enough of the
// syntax for the docs check (inline links and images outside code, ATX headings).

/** Lines outside fenced code blocks (``` or ~~~, any length of three or more), with their numbers. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split("\n").forEach((text, index) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    const closes = (open: string) =>
      marker !== undefined && /^\s*[`~]+\s*$/.test(text) && marker[0] === open[0] && marker.length >= open.length;
    if (fence === undefined && marker) fence = marker;
    else if (fence !== undefined && closes(fence)) fence = undefined;
    else if (fence === undefined) out.push({ text, line: index + 1 });
  });
  return out;
}

/** Inline links and images `[text](target)` outside code, with their line numbers. */
export function linksOf(markdown: string): { target: string; line: number }[] {
  return proseLines(markdown).flatMap(({ text, line }) => {
    const withoutCode = text.replace(/(`+)[^`]*?\1/g, "");
    return [...withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => ({
      target: match[1] as string,
      line,
    }));
  });
}

/** GitHub's anchor for a heading: lower-case, punctuation dropped, spaces to hyphens. */
export function slugOf(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor a document offers: its headings' slugs (repeats get -1, -2, …) and explicit ids. */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const { text } of proseLines(markdown)) {
    for (const match of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1] as string);
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const slug = slugOf(heading);
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}
