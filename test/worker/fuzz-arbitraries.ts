// fast-check generators for requests to the collect endpoints: valid bodies with fields swapped
// for anything, arbitrary JSON, prototype-pollution shapes, non-JSON text and odd headers.
import fc from "fast-check";
import { context, inquiryBody, leadBody, ORIGIN } from "./helpers.ts";

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
const weirdText = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ",
    "a@b",
    "javascript:alert(1)",
    "𠮷野家",
    "\ud800",
  ),
);
/** Any JSON value, plus the keys that pollute prototypes when merged naively. */
const anyJson = fc.oneof(
  fc.jsonValue(),
  weirdText,
  fc.dictionary(fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty"), fc.jsonValue()),
);
/** A field kept valid (most of the time) or replaced by anything. */
const maybe = (valid: fc.Arbitrary<unknown>) => fc.oneof({ weight: 6, arbitrary: valid }, anyJson);

/** A valid body of the kind, each field (and the context) sometimes swapped, sometimes an extra field. */
const validLike = (base: Record<string, unknown>) =>
  fc
    .record({
      ...Object.fromEntries(Object.entries(base).map(([k, v]) => [k, maybe(fc.constant(v))])),
      submissionId: maybe(fc.uuid({ version: 4 })),
      // Mostly addresses our schema accepts (so writes happen), sometimes RFC-exotic ones.
      email: maybe(
        fc.oneof(
          { weight: 3, arbitrary: fc.integer({ min: 0, max: 300 }).map((n) => `person${n}@example.jp`) },
          fc.emailAddress(),
        ),
      ),
      context: maybe(
        fc.webUrl({ withQueryParameters: true, withFragments: true }).map((pageUrl) => ({ ...context, pageUrl })),
      ),
      extra: fc.option(anyJson),
    })
    .map(({ extra, ...body }) => (extra === null ? body : { ...body, extra }));

/** Body text that is anything at all. */
const anyBody = fc.oneof(
  { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? "null") },
  // Own __proto__ keys, as an attacker would write them (JSON.stringify cannot produce these).
  {
    weight: 1,
    arbitrary: fc
      .jsonValue()
      .map(
        (v) =>
          `{"__proto__":{"polluted":${JSON.stringify(v)}},"constructor":{"prototype":{"polluted":1}},"email":"a@b.jp"}`,
      ),
  },
  { weight: 1, arbitrary: weirdText },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "{",
      '{"email":',
      "[".repeat(5000),
      `"${"x".repeat(17_000)}"`,
      `"${"x".repeat(40_000)}"`,
    ),
  },
);

/** An endpoint with a body: mostly the endpoint's own kind of body, almost right. */
export const endpointAndBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(
      fc.constant("lead"),
      validLike(leadBody()).map((b) => JSON.stringify(b)),
    ),
  },
  {
    weight: 4,
    arbitrary: fc.tuple(
      fc.constant("inquiry"),
      validLike(inquiryBody()).map((b) => JSON.stringify(b)),
    ),
  },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom("lead", "inquiry"), anyBody) },
);

export const headers = fc.record({
  "content-type": fc.oneof(
    { weight: 8, arbitrary: fc.constant("application/json") },
    fc.constantFrom("application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", null),
    printable,
  ),
  origin: fc.oneof(
    { weight: 6, arbitrary: fc.constant(ORIGIN) },
    fc.constantFrom(null, "null", "https://evil.example"),
    printable,
  ),
  extra: fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), printable, { maxKeys: 3 }),
});

export const target = fc.record({
  method: fc.oneof({ weight: 9, arbitrary: fc.constant("POST") }, fc.constantFrom("GET", "PUT", "OPTIONS")),
  site: fc.oneof({ weight: 8, arbitrary: fc.constant<"valid" | string>("valid") }, printable, fc.constant("")),
});
