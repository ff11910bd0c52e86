// A small page in Japanese then English, for a person who opened a link that cannot do what
// they wanted (sign-in links, download links): what happened and what to do.

/** HTML-escapes text for an element or an attribute. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** One language's part: a heading and paragraphs of HTML (escape what is not yours). */
export interface PagePart {
  heading: string;
  paragraphs: string[];
}

/** The page; `title` is plain text. */
export function bilingualPage(title: string, ja: PagePart, en: PagePart): string {
  const part = (lang: string, p: PagePart) =>
    `<section lang="${lang}">\n<h1>${escapeHtml(p.heading)}</h1>\n${p.paragraphs.map((html) => `<p>${html}</p>`).join("\n")}\n</section>`;
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{font:16px/1.6 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.3rem}section+section{margin-top:2rem;border-top:1px solid #d0d7de;padding-top:1rem}
code{background:#f6f8fa;padding:.1rem .3rem;border-radius:4px;word-break:break-all}
</style>
</head>
<body>
<main>
${part("ja", ja)}
${part("en", en)}
</main>
</body>
</html>
`;
}
