import { describe, expect, it } from "vitest";
import { contacts, inquiries } from "../../worker/db/schema.ts";
import { BOM, csvCell, csvLine, csvStream } from "../../worker/lib/csv.ts";
import { inquiryCsv } from "../../worker/present/export-columns.ts";

describe("csvCell", () => {
  it("quotes only where RFC 4180 needs it, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\r\nlf")).toBe('"cr\r\nlf"');
    expect(csvCell("山田 太郎")).toBe("山田 太郎");
  });

  it("neutralises cells a spreadsheet would run as a formula (OWASP)", () => {
    expect(csvCell("=SUM(A1:A2)")).toBe("'=SUM(A1:A2)");
    expect(csvCell("+81 3 1234")).toBe("'+81 3 1234");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\r=1")).toBe('"\'\r=1"');
    expect(csvCell("  =1")).toBe("'  =1");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell("a=b")).toBe("a=b");
    // Whitespace before a formula character, Unicode's too (an ideographic space), does not stop it.
    expect(csvCell("\u3000=1")).toBe("'\u3000=1");
    expect(csvCell(" \t x")).toBe("' \t x");
  });

  it("leaves leading whitespace alone before anything else, and tabs or CRs inside a cell", () => {
    expect(csvCell(" plain")).toBe(" plain");
    expect(csvCell("\u3000山田")).toBe("\u3000山田");
    expect(csvCell("a\tb")).toBe("a\tb");
    expect(csvCell("a\rb")).toBe('"a\rb"');
    expect(csvCell("")).toBe("");
  });

  it("writes numbers as numbers and null as an empty cell", () => {
    expect(csvCell(3)).toBe("3");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(0)).toBe("0");
    expect(csvCell(-1)).toBe("-1");
    expect(csvLine(["a", null, 2])).toBe("a,,2\r\n");
  });
});

describe("csvStream", () => {
  it("BOM and header first, then every page in order, pulling one page at a time", async () => {
    const pages = [["a", "b"], ["c"], []];
    const asked: (number | undefined)[] = [];
    const stream = csvStream(
      ["letter"],
      async (after: number | undefined) => {
        asked.push(after);
        const i = after ?? 0;
        return { rows: pages[i]!, next: i + 1 < pages.length ? i + 1 : null };
      },
      (rows: string[]) => rows.map((row) => csvLine([row])).join(""),
    );
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 BOM
    // ignoreBOM keeps the mark in the text (Response.text() would strip it).
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)).toBe(`${BOM}letter\r\na\r\nb\r\nc\r\n`);
    expect(asked).toEqual([undefined, 1, 2]);
  });
});

describe("an export's lines", () => {
  it("write each row's values in the header's order, times local, cells neutralised, the keyset extras not written", () => {
    const csv = inquiryCsv("Asia/Tokyo");
    const at = Date.parse("2026-11-01T14:59:59Z");
    // The SELECT's array holds one value per column, in the header's order.
    const row = (id: string, message: string | null) => {
      const values: unknown[] = csv.values.map(() => null);
      values[csv.values.indexOf(inquiries.id)] = id;
      values[csv.values.indexOf(inquiries.createdAt)] = at;
      values[csv.values.indexOf(contacts.email)] = "a@example.jp";
      values[csv.header.indexOf("name")] = "-山田";
      values[csv.header.indexOf("company")] = "";
      values[csv.values.indexOf(inquiries.message)] = message;
      return [...values, at, "keyset-id"];
    };
    const cells = (id: string, message: string) => {
      const out = csv.header.map(() => "");
      out[csv.header.indexOf("id")] = id;
      out[csv.header.indexOf("created_at")] = "2026-11-01 23:59:59";
      out[csv.header.indexOf("email")] = "a@example.jp";
      out[csv.header.indexOf("name")] = "'-山田";
      out[csv.header.indexOf("message")] = message;
      return `${out.join(",")}\r\n`;
    };
    expect(csv.lines([row("i1", '=1+1, "x"'), row("i2", null)])).toBe(cells("i1", '"\'=1+1, ""x"""') + cells("i2", ""));
    expect(csv.lines([])).toBe("");
  });
});
