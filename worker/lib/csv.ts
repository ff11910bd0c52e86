// CSV for spreadsheets: RFC 4180 (quoted where needed, quotes doubled, CRLF line ends), UTF-8 with
// a BOM so Excel in Japan reads Japanese correctly, and OWASP's CSV-injection defence: a text
// cell a spreadsheet could take for a formula is prefixed with a single quote.

/** Excel takes UTF-8 without this mark for Shift_JIS and garbles Japanese. */
export const BOM = "\uFEFF";

// OWASP CSV Injection: =, +, -, @, tab and carriage return start a formula (or DDE) in Excel,
// LibreOffice and Google Sheets. Leading whitespace does not stop it, so it is checked too.
const FORMULA_START = /^[\s]*[=+\-@\t\r]/;

/** One cell: numbers as they are, null as empty, text neutralised and quoted where needed. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export const csvLine = (cells: readonly (string | number | null | undefined)[]) =>
  `${cells.map(csvCell).join(",")}\r\n`;

/**
 * A CSV body streamed page by page: the BOM and header first, then each page `nextPage` returns
 * (called again with its `next` until that is null). Pulled by the reader, so at most one page is
 * in memory however long the export, and the first bytes leave before the last query runs.
 */
export function csvStream<T, P>(
  header: readonly string[],
  nextPage: (after: P | undefined) => Promise<{ rows: T[]; next: P | null }>,
  cells: (row: T) => (string | number | null)[],
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: P | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(BOM + csvLine(header)));
      },
      async pull(controller) {
        const page = await nextPage(after);
        if (page.rows.length) controller.enqueue(encoder.encode(page.rows.map((row) => csvLine(cells(row))).join("")));
        if (page.next) after = page.next;
        else controller.close();
      },
    },
    // One page ahead at most.
    { highWaterMark: 1 },
  );
}
