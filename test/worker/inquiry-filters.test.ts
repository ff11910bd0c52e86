import { describe, expect, it } from "vitest";
import { makeSite } from "./helpers.ts";
import { allIds, DAY, type ErrorBody, getJson, HOUR, type ListPage, seedInquiry, seedLead } from "./team-fixtures.ts";

const T0 = Date.parse("2026-11-01T00:00:00+09:00");
const q = (params: Record<string, string | string[]>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const value of [v].flat()) search.append(k, value);
  return `/v1/inquiries?${search}`;
};
const sorted = (ids: string[]) => [...ids].sort();

describe("GET /v1/inquiries filters", () => {
  it("status (repeatable or comma separated) and kind", async () => {
    const { siteKey, apiKey } = await makeSite();
    const won = await seedInquiry(siteKey, { kind: "quote" }, { status: "won", at: T0 });
    const lost = await seedInquiry(siteKey, { kind: "demo" }, { status: "lost", at: T0 + 1 });
    const fresh = await seedInquiry(siteKey, { kind: "demo" }, { at: T0 + 2 });
    expect(await allIds(apiKey, q({ status: ["won", "lost"] }))).toEqual([lost, won]);
    expect(await allIds(apiKey, q({ status: "won,lost" }))).toEqual([lost, won]);
    expect(await allIds(apiKey, q({ status: "new" }))).toEqual([fresh]);
    expect(await allIds(apiKey, q({ kind: "demo" }))).toEqual([fresh, lost]);
    expect(await allIds(apiKey, q({ status: "won", kind: "demo" }))).toEqual([]);
  });

  it("from (inclusive) and to (exclusive), ISO 8601 with any offset", async () => {
    const { siteKey, apiKey } = await makeSite();
    const before = await seedInquiry(siteKey, {}, { at: T0 - 1 });
    const first = await seedInquiry(siteKey, {}, { at: T0 });
    const last = await seedInquiry(siteKey, {}, { at: T0 + DAY - 1 });
    const after = await seedInquiry(siteKey, {}, { at: T0 + DAY });
    // The same instants in JST and in UTC.
    expect(await allIds(apiKey, q({ from: "2026-11-01T00:00:00+09:00", to: "2026-11-02T00:00:00+09:00" }))).toEqual([
      last,
      first,
    ]);
    expect(await allIds(apiKey, q({ from: "2026-10-31T15:00:00Z", to: "2026-11-01T15:00:00.000Z" }))).toEqual([
      last,
      first,
    ]);
    expect(await allIds(apiKey, q({ to: "2026-11-01T00:00:00+09:00" }))).toEqual([before]);
    expect(await allIds(apiKey, q({ from: "2026-11-02T00:00:00+09:00" }))).toEqual([after]);
  });

  it("resource: only contacts who downloaded it before asking", async () => {
    const { siteKey, apiKey } = await makeSite();
    await seedLead(siteKey, { email: "read-first@example.jp", resourceId: "price-list" }, T0);
    const readFirst = await seedInquiry(siteKey, { email: "read-first@example.jp" }, { at: T0 + HOUR });
    const askedFirst = await seedInquiry(siteKey, { email: "asked-first@example.jp" }, { at: T0 });
    await seedLead(siteKey, { email: "asked-first@example.jp", resourceId: "price-list" }, T0 + HOUR);
    await seedLead(siteKey, { email: "other@example.jp", resourceId: "case-study" }, T0);
    await seedInquiry(siteKey, { email: "other@example.jp" }, { at: T0 + HOUR });
    expect(await allIds(apiKey, q({ resource: "price-list" }))).toEqual([readFirst]);
    expect(await allIds(apiKey, q({ resource: "case-study", status: "new" }))).toHaveLength(1);
    expect(askedFirst).toBeTruthy();
  });

  it("utm_source and utm_campaign", async () => {
    const { siteKey, apiKey } = await makeSite();
    const ctx = (source: string, campaign: string) => ({
      context: { pageUrl: "https://shop.example.jp/", utm: { source, campaign } },
    });
    const a = await seedInquiry(siteKey, ctx("google", "winter"), { at: T0 });
    const b = await seedInquiry(siteKey, ctx("newsletter", "winter"), { at: T0 + 1 });
    await seedInquiry(siteKey, ctx("newsletter", "spring"), { at: T0 + 2 });
    expect(await allIds(apiKey, q({ utm_campaign: "winter" }))).toEqual([b, a]);
    expect(await allIds(apiKey, q({ utm_source: "newsletter", utm_campaign: "winter" }))).toEqual([b]);
  });

  it("q: substring of name, company, e-mail or message, Japanese included, wildcards literal", async () => {
    const { siteKey, apiKey } = await makeSite();
    const byMessage = await seedInquiry(siteKey, {
      kind: "quote",
      email: "a@example.jp",
      name: "A",
      company: "A社",
      message: "御社の製品の見積をお願いします。100%オフ",
    });
    const byCompany = await seedInquiry(siteKey, {
      email: "b@example.jp",
      name: "B",
      company: "株式会社サンプル商事",
      message: "x",
    });
    const byName = await seedInquiry(siteKey, { email: "c@example.jp", name: "鈴木 一郎", company: "C", message: "y" });
    const byEmail = await seedInquiry(siteKey, {
      email: "tanaka_k@acme.example",
      name: "D",
      company: "D",
      message: "z",
    });
    expect(await allIds(apiKey, q({ q: "見積" }))).toEqual([byMessage]);
    expect(await allIds(apiKey, q({ q: "サンプル" }))).toEqual([byCompany]);
    expect(await allIds(apiKey, q({ q: "鈴木" }))).toEqual([byName]);
    expect(await allIds(apiKey, q({ q: "ACME.example" }))).toEqual([byEmail]);
    // % and _ are characters to find, not LIKE wildcards.
    expect(await allIds(apiKey, q({ q: "100%" }))).toEqual([byMessage]);
    expect(await allIds(apiKey, q({ q: "0%オ" }))).toEqual([byMessage]);
    expect(await allIds(apiKey, q({ q: "%" }))).toEqual([byMessage]);
    expect(await allIds(apiKey, q({ q: "_k@" }))).toEqual([byEmail]);
    expect(await allIds(apiKey, q({ q: "n_k" }))).toEqual([]);
  });

  it("sort=oldest pages forward; cursors stay stable while new rows arrive", async () => {
    const { siteKey, apiKey } = await makeSite();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await seedInquiry(siteKey, {}, { at: T0 + i * HOUR }));
    expect(await allIds(apiKey, q({ sort: "oldest", limit: "2" }))).toEqual(ids);

    const first = await getJson<ListPage>(apiKey, q({ limit: "2" }));
    expect(first.body.data.map((r) => r.id)).toEqual([ids[4], ids[3]]);
    // A newer inquiry, and one at the exact time of the last row served, arrive between pages.
    await seedInquiry(siteKey, {}, { at: T0 + 10 * HOUR });
    const rest = await allIds(apiKey, q({ limit: "2" }), first.body.nextCursor);
    expect(rest).toEqual([ids[2], ids[1], ids[0]]);
  });

  it("a cursor is tied to its sort", async () => {
    const { siteKey, apiKey } = await makeSite();
    for (let i = 0; i < 3; i++) await seedInquiry(siteKey, {}, { at: T0 + i });
    const { body } = await getJson<ListPage>(apiKey, q({ limit: "1" }));
    const res = await getJson<ErrorBody>(apiKey, q({ limit: "1", sort: "oldest", cursor: body.nextCursor! }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ cursor: "was made for sort=newest; send the same sort with it" });
  });

  it("400 naming the parameter and the reason for every bad value", async () => {
    const { apiKey } = await makeSite();
    const cases: [Record<string, string | string[]>, Record<string, string>][] = [
      [{ limit: "0" }, { limit: "must be an integer between 1 and 200" }],
      [{ limit: "abc" }, { limit: "must be a number" }],
      [{ limit: "500" }, { limit: "must be an integer between 1 and 200" }],
      [{ limit: "1.5" }, { limit: "must be an integer between 1 and 200" }],
      [
        { status: ["new", "done"] },
        { status: 'must be one of new, contacted, qualified, won, lost, spam (got "done")' },
      ],
      [{ kind: "call" }, { kind: 'must be one of demo, quote, contact (got "call")' }],
      [{ sort: "best" }, { sort: "must be one of newest, oldest" }],
      [
        { from: "2026-11-01" },
        { from: "must be an ISO 8601 date-time with an offset, e.g. 2026-11-01T00:00:00+09:00" },
      ],
      [
        { to: "2026-11-01T00:00:00" },
        { to: "must be an ISO 8601 date-time with an offset, e.g. 2026-11-01T00:00:00+09:00" },
      ],
      [
        { from: "2026-02-31T00:00:00Z" },
        { from: "must be an ISO 8601 date-time with an offset, e.g. 2026-11-01T00:00:00+09:00" },
      ],
      [{ from: "2026-11-02T00:00:00Z", to: "2026-11-01T00:00:00Z" }, { to: "must be after from" }],
      [{ q: "  " }, { q: "must not be empty" }],
      [{ q: "x".repeat(201) }, { q: "is too long" }],
      [{ sort: ["newest", "oldest"] }, { sort: "is given more than once" }],
      [{ limit: ["1", "2"] }, { limit: "is given more than once" }],
      [{ limit: ["x", "2"], status: ["new", "won"] }, { limit: "is given more than once" }],
      [{ utm_source: ["a", "b"] }, { utm_source: "is given more than once" }],
      [{ cursor: "bm90LWEtY3Vyc29y" }, { cursor: "is not a cursor from this API" }],
      [{ stauts: "won" }, { stauts: "is not recognised (check its spelling)" }],
    ];
    for (const [params, fields] of cases) {
      const res = await getJson<ErrorBody>(apiKey, q(params));
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.body.error.code).toBe("invalid_query");
      expect(res.body.error.fields, JSON.stringify(params)).toEqual(fields);
    }
  });

  it("a key of site A never sees site B's inquiries, whatever the filter", async () => {
    const a = await makeSite();
    const b = await makeSite();
    await seedLead(b.siteKey, { email: "b@example.jp", resourceId: "b-only" }, T0);
    const bInquiry = await seedInquiry(
      b.siteKey,
      {
        email: "b@example.jp",
        message: "B社だけの質問",
        context: { pageUrl: "https://b.example/", utm: { source: "b-src" } },
      },
      { at: T0 + HOUR, status: "won" },
    );
    const aInquiry = await seedInquiry(a.siteKey, {}, { at: T0 });
    for (const params of [
      {} as Record<string, string>,
      { q: "B社だけ" },
      { resource: "b-only" },
      { utm_source: "b-src" },
      { status: "won" },
      { from: "2026-10-01T00:00:00Z" },
    ]) {
      const ids = await allIds(a.apiKey, q(params));
      expect(ids, JSON.stringify(params)).not.toContain(bInquiry);
    }
    expect(await allIds(a.apiKey, q({}))).toEqual([aInquiry]);
    expect(sorted(await allIds(b.apiKey, q({ q: "B社だけ" })))).toEqual([bInquiry]);
  });
});
