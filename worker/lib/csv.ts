// CSV for spreadsheets: RFC 4180 (quoted where needed, quotes doubled, CRLF line ends), UTF-8 with
// a BOM so Excel in Japan reads Japanese correctly, and OWASP's CSV-injection defence: a text
// cell a spreadsheet could take for a formula is prefixed with a single quote.

/** Excel takes UTF-8 without this mark for Shift_JIS and garbles Japanese. */
export const BOM = "\uFEFF";

// OWASP CSV Injection: =, +, -, @, tab and carriage return start a formula (or DDE) in Excel,
// LibreOffice and Google Sheets. Leading whitespace does not stop it, so it is checked too.
const FORMULA_START = /^[\s]*[=+\-@\t\r]/;

// What a cell needs for either rule: a first character that may start a formula (FORMULA_START
// allows whitespace before it), or a character that needs quoting. Most cells have neither and
// are written as they are after this one test.
const MAY_CHANGE = /^[\s=+\-@]|[",\r\n]/;

/** One cell: numbers as they are, null as empty, text neutralised and quoted where needed. */
export function csvCell(value: string | number | null | undefined): string {
  if (typeof value !== "string") return value === null || value === undefined ? "" : String(value);
  if (!MAY_CHANGE.test(value)) return value;
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  // Concatenated in a loop: no array of cells per record as map + join would make.
  let line = csvCell(cells[0]);
  for (let i = 1; i < cells.length; i++) line += `,${csvCell(cells[i])}`;
  return `${line}\r\n`;
}

/**
 * A CSV body streamed page by page: the BOM and header first, then the CSV lines `lines` writes of
 * each page `nextPage` returns (called again with its `next` until that is null), each page
 * encoded once. Pulled by the reader, so at most two pages
 * are in memory however long the export, and the first bytes leave before the last query runs:
 * the query of the following page is sent before a page is written, so the database works on it
 * meanwhile.
 */
export function csvStream<T, P>(
  header: readonly string[],
  nextPage: (after: P | undefined) => Promise<{ rows: T[]; next: P | null }>,
  lines: (rows: T[]) => string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: Promise<{ rows: T[]; next: P | null }> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(BOM + csvLine(header)));
      },
      async pull(controller) {
        const page = await (pending ?? nextPage(undefined));
        pending = page.next ? nextPage(page.next) : undefined;
        // A reader that stops after this page leaves the following page's query unread: not an error.
        pending?.catch(() => {});
        const text = lines(page.rows);
        if (text) controller.enqueue(encoder.encode(text));
        if (!pending) controller.close();
      },
    },
    // One page ahead at most.
    { highWaterMark: 1 },
  );
}
