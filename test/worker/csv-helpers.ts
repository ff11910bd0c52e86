// Reading the CSV exports in tests: an RFC 4180 reader of our own (independent of the writer
// under test) and the rows of an export keyed by its header.
import { expect } from "vitest";
import { call } from "./helpers.ts";

/** An RFC 4180 reader, independent of the writer under test. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  expect(cell === "" && record.length === 0, "the file ends with CRLF").toBe(true);
  return records;
}

export async function download(apiKey: string, path: string) {
  const res = await call(path, { headers: { authorization: `Bearer ${apiKey}` } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  return { res, bytes, text };
}

/** Rows as objects keyed by the header. */
export async function exportRows(apiKey: string, path: string) {
  const { res, text } = await download(apiKey, path);
  expect(res.status, text.slice(0, 300)).toBe(200);
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ""));
  return rows.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]])));
}
