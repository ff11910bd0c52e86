import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { InquiryDetailSchema } from "../../shared/api-team.ts";
import { STATUS_TRANSITIONS } from "../../shared/follow-up.ts";
import { INQUIRY_STATUSES } from "../../shared/schemas.ts";
import { call, makeSite } from "./helpers.ts";
import { addKey, type ErrorBody, seedInquiry } from "./team-fixtures.ts";

interface History {
  field: string;
  from: string | null;
  to: string | null;
  at: string;
  key: { id: string; name: string | null } | null;
  member: { id: string; email: string; name: string | null } | null;
}
interface Detail {
  id: string;
  status: string;
  assignee: string | null;
  note: string | null;
  firstResponseAt: string | null;
  updatedAt: string | null;
  history: History[];
}

const patch = (key: string, id: string, body: unknown, contentType = "application/json") =>
  call(`/v1/inquiries/${id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${key}`, "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

async function writable() {
  const site = await makeSite();
  const writer = await addKey(site.siteId, "write", "営業チーム");
  const id = await seedInquiry(site.siteKey);
  return { ...site, writer, id };
}

const statusOf = async (id: string) =>
  (await env.DB.prepare("SELECT status FROM inquiries WHERE id = ?").bind(id).first<{ status: string }>())?.status;

describe("PATCH /v1/inquiries/:id", () => {
  it("403 naming the scope for a read key, and nothing changes", async () => {
    const { apiKey, id } = await writable();
    const res = await patch(apiKey, id, { status: "contacted" });
    expect(res.status).toBe(403);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toMatchObject({
      code: "insufficient_scope",
      fields: { authorization: "has scope read; this needs write" },
    });
    expect(await statusOf(id)).toBe("new");
  });

  it("follows the pipeline, records who changed what and when, and the first response once", async () => {
    const { writer, id } = await writable();
    const before = Date.now();
    const first = await patch(writer.key, id, { status: "contacted" });
    expect(first.status).toBe(200);
    const afterFirst = (await first.json()) as Detail;
    expect(InquiryDetailSchema.safeParse(afterFirst).success).toBe(true);
    expect(afterFirst.status).toBe("contacted");
    const firstResponseAt = Date.parse(afterFirst.firstResponseAt!);
    expect(firstResponseAt).toBeGreaterThanOrEqual(before);
    expect(afterFirst.updatedAt).toBe(afterFirst.firstResponseAt);
    expect(afterFirst.history).toEqual([
      {
        field: "status",
        from: "new",
        to: "contacted",
        at: afterFirst.firstResponseAt,
        key: { id: writer.id, name: "営業チーム" },
        member: null,
        rule: null,
      },
    ]);

    const assigned = (await (await patch(writer.key, id, { assignee: "田中", note: "来週電話" })).json()) as Detail;
    expect(assigned).toMatchObject({ assignee: "田中", note: "来週電話", status: "contacted" });
    for (const status of ["qualified", "won"]) expect((await patch(writer.key, id, { status })).status).toBe(200);
    const done = (await (await patch(writer.key, id, { assignee: null })).json()) as Detail;
    expect(done.status).toBe("won");
    expect(done.assignee).toBeNull();
    expect(Date.parse(done.firstResponseAt!)).toBe(firstResponseAt); // later moves never move it
    expect(done.history.map((h) => [h.field, h.from, h.to])).toEqual([
      ["status", "new", "contacted"],
      ["assignee", null, "田中"],
      ["note", null, "来週電話"],
      ["status", "contacted", "qualified"],
      ["status", "qualified", "won"],
      ["assignee", "田中", null],
    ]);
  });

  it("allows exactly the documented transitions; 409 names the allowed ones", async () => {
    const { siteKey, writer } = await writable();
    for (const from of INQUIRY_STATUSES) {
      for (const to of INQUIRY_STATUSES) {
        const id = await seedInquiry(siteKey, {}, { status: from });
        const res = await patch(writer.key, id, { status: to });
        const allowed = from === to || STATUS_TRANSITIONS[from].includes(to);
        expect(res.status, `${from} → ${to}`).toBe(allowed ? 200 : 409);
        if (!allowed) {
          const body = (await res.json()) as ErrorBody;
          expect(body.error.code).toBe("invalid_transition");
          expect(body.error.fields.status).toBe(
            `cannot change from ${from} to ${to}; allowed from ${from}: ${STATUS_TRANSITIONS[from].join(", ")}`,
          );
          expect(await statusOf(id)).toBe(from);
        } else expect(await statusOf(id)).toBe(to);
      }
    }
    // The table itself, as the README states it.
    expect(STATUS_TRANSITIONS).toEqual({
      new: ["contacted", "spam"],
      contacted: ["qualified", "lost", "spam"],
      qualified: ["won", "lost", "spam"],
      won: ["spam"],
      lost: ["contacted", "spam"],
      spam: ["new"],
    });
    // 36 seed + PATCH rounds: over the default 5 s on a loaded 2-core machine (also on main alone).
  }, 30_000);

  it("marking spam counts as the first move away from new; reopening keeps that time", async () => {
    const { writer, id } = await writable();
    const spam = (await (await patch(writer.key, id, { status: "spam" })).json()) as Detail;
    expect(spam.firstResponseAt).not.toBeNull();
    await patch(writer.key, id, { status: "new" });
    const contacted = (await (await patch(writer.key, id, { status: "contacted" })).json()) as Detail;
    expect(contacted.firstResponseAt).toBe(spam.firstResponseAt);
    expect(contacted.history.map((h) => h.to)).toEqual(["spam", "new", "contacted"]);
  });

  it("a PATCH that changes nothing writes no history", async () => {
    const { writer, id } = await writable();
    await patch(writer.key, id, { status: "contacted", note: "x" });
    const again = (await (await patch(writer.key, id, { status: "contacted", note: "x" })).json()) as Detail;
    expect(again.history).toHaveLength(2);
  });

  it("400 / 415 naming the field for a bad body", async () => {
    const { writer, id } = await writable();
    const cases: [unknown, number, Record<string, string>][] = [
      [{}, 400, { body: "send at least one of status, assignee, note" }],
      [
        { stauts: "won" },
        400,
        { stauts: "is not recognised (check its spelling)", body: "send at least one of status, assignee, note" },
      ],
      [{ status: "done" }, 400, { status: "must be one of new, contacted, qualified, won, lost, spam" }],
      [{ assignee: "x".repeat(101) }, 400, { assignee: "is too long" }],
      [{ note: 5 }, 400, { note: "is required" }],
      ["{not json", 400, { body: "is not valid JSON" }],
    ];
    for (const [body, status, fields] of cases) {
      const res = await patch(writer.key, id, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(((await res.json()) as ErrorBody).error.fields, JSON.stringify(body)).toEqual(fields);
    }
    expect((await patch(writer.key, id, "status=won", "application/x-www-form-urlencoded")).status).toBe(415);
    expect(await statusOf(id)).toBe("new");
  });

  it("a write key of site A cannot touch site B's inquiry (404, unchanged)", async () => {
    const a = await writable();
    const b = await writable();
    const res = await patch(a.writer.key, b.id, { status: "spam" });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.fields).toEqual({ id: "no inquiry with this id on this site" });
    expect(await statusOf(b.id)).toBe("new");
  });

  it("concurrent changes: the history stays one consistent chain", async () => {
    const { writer, id } = await writable();
    const results = await Promise.all(
      ["contacted", "spam", "contacted", "spam"].map((status) => patch(writer.key, id, { status })),
    );
    for (const res of results) expect([200, 409]).toContain(res.status);
    const final = await statusOf(id);
    const { results: rows } = await env.DB.prepare(
      "SELECT from_value, to_value FROM inquiry_history WHERE inquiry_id = ? ORDER BY changed_at, rowid",
    )
      .bind(id)
      .all<{ from_value: string; to_value: string }>();
    expect(rows.length).toBeGreaterThan(0);
    let at = "new";
    for (const row of rows) {
      expect(row.from_value).toBe(at);
      at = row.to_value;
    }
    expect(at).toBe(final);
  });
});
