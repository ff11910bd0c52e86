// The /v1 team API with a session instead of an API key: the site picked per request
// (Hikiai-Site), tenant isolation, roles, CSRF, the member in the follow-up history, and the
// revocation that comes with removing a member. In workerd against the real D1.
import { describe, expect, it } from "vitest";
import { InquiryDetailSchema } from "../../shared/api-team.ts";
import { MemberListSchema, MemberSchema } from "../../shared/members.ts";
import { call, makeSite, rows } from "./helpers.ts";
import { addMember, asMember, SELF_ORIGIN, signedInMember } from "./session-fixtures.ts";
import { addKey, seedInquiry } from "./team-fixtures.ts";

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; fields: Record<string, string> } }).error;

describe("the site of a signed-in request", () => {
  it("is the one named by Hikiai-Site: 400 naming hikiai-site when it is missing", async () => {
    const { siteId, siteKey } = await makeSite();
    const { cookie } = await signedInMember(siteId, "viewer");
    const id = await seedInquiry(siteKey);
    const list = await asMember(cookie, siteKey, "/v1/inquiries");
    expect(list.status).toBe(200);
    expect(((await list.json()) as { data: { id: string }[] }).data.map((i) => i.id)).toEqual([id]);
    const missing = await asMember(cookie, undefined, "/v1/inquiries");
    expect(missing.status).toBe(400);
    expect(await errorOf(missing)).toMatchObject({
      code: "site_required",
      fields: { "hikiai-site": expect.any(String) },
    });
  });

  it("keeps a member of site A out of site B: 403 naming hikiai-site, B's records unreadable by id through A", async () => {
    const a = await makeSite();
    const b = await makeSite();
    const { cookie } = await signedInMember(a.siteId, "admin");
    const bInquiry = await seedInquiry(b.siteKey);
    for (const path of ["/v1/inquiries", `/v1/inquiries/${bInquiry}`, "/v1/stats", "/v1/members", "/v1/webhooks"]) {
      const res = await asMember(cookie, b.siteKey, path);
      expect(res.status, path).toBe(403);
      expect(await errorOf(res)).toMatchObject({ code: "not_a_member", fields: { "hikiai-site": expect.any(String) } });
    }
    // An unknown site key is answered the same way: site keys cannot be probed.
    const unknown = await asMember(cookie, "site_000000000000000000000000", "/v1/inquiries");
    expect(unknown.status).toBe(403);
    expect((await errorOf(unknown)).code).toBe("not_a_member");
    // Through their own site, B's inquiry does not exist, to read or to change.
    expect((await asMember(cookie, a.siteKey, `/v1/inquiries/${bInquiry}`)).status).toBe(404);
    const patch = await asMember(cookie, a.siteKey, `/v1/inquiries/${bInquiry}`, {
      method: "PATCH",
      body: { status: "contacted" },
    });
    expect(patch.status).toBe(404);
    expect(await rows("SELECT status FROM inquiries WHERE id = ?", bInquiry)).toEqual([{ status: "new" }]);
  });

  it("uses an API key when one is sent, never the cookie beside it", async () => {
    const a = await makeSite();
    const b = await makeSite();
    const { cookie } = await signedInMember(a.siteId, "admin");
    const bInquiry = await seedInquiry(b.siteKey);
    const res = await call("/v1/inquiries", { headers: { cookie, authorization: `Bearer ${b.apiKey}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { id: string }[] }).data.map((i) => i.id)).toEqual([bInquiry]);
    const bad = await call("/v1/inquiries", {
      headers: { cookie, "hikiai-site": a.siteKey, authorization: "Bearer nope" },
    });
    expect(bad.status).toBe(401);
  });
});

describe("roles", () => {
  it("viewer reads but cannot change an inquiry (403 naming role); member and admin can", async () => {
    const { siteId, siteKey } = await makeSite();
    const id = await seedInquiry(siteKey);
    const viewer = await signedInMember(siteId, "viewer");
    expect((await asMember(viewer.cookie, siteKey, `/v1/inquiries/${id}`)).status).toBe(200);
    const refused = await asMember(viewer.cookie, siteKey, `/v1/inquiries/${id}`, {
      method: "PATCH",
      body: { status: "contacted" },
    });
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toMatchObject({
      code: "insufficient_role",
      fields: { role: expect.stringMatching(/viewer/) },
    });
    expect(await rows("SELECT status FROM inquiries WHERE id = ?", id)).toEqual([{ status: "new" }]);

    const member = await signedInMember(siteId, "member");
    const done = await asMember(member.cookie, siteKey, `/v1/inquiries/${id}`, {
      method: "PATCH",
      body: { status: "contacted" },
    });
    expect(done.status).toBe(200);
    const admin = await signedInMember(siteId, "admin");
    const closed = await asMember(admin.cookie, siteKey, `/v1/inquiries/${id}`, {
      method: "PATCH",
      body: { status: "qualified" },
    });
    expect(closed.status).toBe(200);
  });

  it("member cannot add a webhook or change settings or members (403); admin can", async () => {
    const { siteId, siteKey } = await makeSite();
    const member = await signedInMember(siteId, "member");
    const admin = await signedInMember(siteId, "admin");
    const webhook = { type: "webhook", url: "https://hooks.example.jp/hikiai" };
    const writes: [string, string, unknown][] = [
      ["POST", "/v1/webhooks", webhook],
      ["PATCH", "/v1/notification-settings", { language: "en" }],
      ["POST", "/v1/members", { email: "new@team.example", role: "viewer" }],
      ["POST", "/v1/personal-data/erase", { email: "x@example.jp" }],
    ];
    for (const [method, path, body] of writes) {
      const res = await asMember(member.cookie, siteKey, path, { method, body });
      expect(res.status, path).toBe(403);
      expect((await errorOf(res)).code, path).toBe("insufficient_role");
    }
    for (const [method, path, body] of writes) {
      const res = await asMember(admin.cookie, siteKey, path, { method, body });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
    }
    // The erasure is on record as the admin's, not a key's.
    expect(await rows("SELECT api_key_id, member_id FROM erasures WHERE site_id = ?", siteId)).toEqual([
      { api_key_id: null, member_id: admin.id },
    ]);
  });

  it("a read key is refused changes (403 insufficient_scope), a write key may do what an admin may", async () => {
    const { siteId, apiKey } = await makeSite({ scope: "read" });
    const writer = await addKey(siteId, "write");
    const post = (key: string) =>
      call("/v1/members", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ email: "ops@team.example", role: "member" }),
      });
    const refused = await post(apiKey);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe("insufficient_scope");
    const created = await post(writer.key);
    expect(created.status).toBe(201);
    expect(MemberSchema.parse(await created.json())).toMatchObject({ email: "ops@team.example", role: "member" });
    const listed = MemberListSchema.parse(
      await (await call("/v1/members", { headers: { authorization: `Bearer ${apiKey}` } })).json(),
    );
    expect(listed.data.map((m) => m.email)).toEqual(["ops@team.example"]);
  });
});

describe("CSRF", () => {
  it("refuses a change with the cookie from another origin or without Origin (403 csrf naming origin)", async () => {
    const { siteId, siteKey } = await makeSite();
    const id = await seedInquiry(siteKey);
    const { cookie } = await signedInMember(siteId, "admin");
    for (const origin of ["https://evil.example", "http://collector.test", null]) {
      const res = await asMember(cookie, siteKey, `/v1/inquiries/${id}`, {
        method: "PATCH",
        body: { status: "contacted" },
        origin,
      });
      expect(res.status, String(origin)).toBe(403);
      expect(await errorOf(res)).toMatchObject({ code: "csrf", fields: { origin: expect.any(String) } });
    }
    expect(await rows("SELECT status FROM inquiries WHERE id = ?", id)).toEqual([{ status: "new" }]);
    const same = await asMember(cookie, siteKey, `/v1/inquiries/${id}`, {
      method: "PATCH",
      body: { status: "contacted" },
      origin: SELF_ORIGIN,
    });
    expect(same.status).toBe(200);
  });

  it("does not apply to API keys: a Bearer PATCH without Origin works", async () => {
    const { siteKey, apiKey } = await makeSite({ scope: "write" });
    const id = await seedInquiry(siteKey);
    const res = await call(`/v1/inquiries/${id}`, {
      method: "PATCH",
      headers: {
        authorization: `Bearer ${apiKey}`,
        "content-type": "application/json",
        origin: "https://evil.example",
      },
      body: JSON.stringify({ status: "contacted" }),
    });
    expect(res.status).toBe(200);
  });
});

describe("follow-up by a member", () => {
  it("records the member in the history (key null), an API key's change the key (member null)", async () => {
    const { siteId, siteKey, apiKey, keyId } = await makeSite({ scope: "write" });
    const id = await seedInquiry(siteKey);
    const member = await signedInMember(siteId, "member", "tanaka@team.example");
    const byMember = await asMember(member.cookie, siteKey, `/v1/inquiries/${id}`, {
      method: "PATCH",
      body: { status: "contacted", note: "電話済み" },
    });
    expect(byMember.status).toBe(200);
    await call(`/v1/inquiries/${id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ assignee: "CRM: 田中" }),
    });
    const detail = InquiryDetailSchema.parse(
      await (await asMember(member.cookie, siteKey, `/v1/inquiries/${id}`)).json(),
    );
    expect(detail.history.map((h) => [h.field, h.key?.id ?? null, h.member?.email ?? null])).toEqual([
      ["status", null, "tanaka@team.example"],
      ["note", null, "tanaka@team.example"],
      ["assignee", keyId, null],
    ]);
    expect(detail.history[0]!.member).toEqual({ id: member.id, email: "tanaka@team.example", name: null });
  });

  it("takes as assignee only a member's e-mail (400 naming assignee otherwise), stored normalised", async () => {
    const { siteId, siteKey } = await makeSite();
    const other = await makeSite();
    const id = await seedInquiry(siteKey);
    const member = await signedInMember(siteId, "member");
    const colleague = await addMember(siteId, "viewer", "sato@team.example");
    const outsider = await addMember(other.siteId, "admin", "outsider@team.example");
    for (const assignee of ["田中", outsider.email]) {
      const res = await asMember(member.cookie, siteKey, `/v1/inquiries/${id}`, {
        method: "PATCH",
        body: { assignee },
      });
      expect(res.status, assignee).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: "invalid_body", fields: { assignee: expect.any(String) } });
    }
    const res = await asMember(member.cookie, siteKey, `/v1/inquiries/${id}`, {
      method: "PATCH",
      body: { assignee: " SATO@team.example " },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { assignee: string }).assignee).toBe(colleague.email);
    const cleared = await asMember(member.cookie, siteKey, `/v1/inquiries/${id}`, {
      method: "PATCH",
      body: { assignee: null },
    });
    expect(cleared.status).toBe(200);
  });
});

describe("/v1/members", () => {
  it("lists the site's members for any role; admin adds, changes a role, removes", async () => {
    const { siteId, siteKey } = await makeSite();
    const admin = await signedInMember(siteId, "admin", "boss@team.example");
    const viewer = await signedInMember(siteId, "viewer", "intern@team.example");
    const list = MemberListSchema.parse(await (await asMember(viewer.cookie, siteKey, "/v1/members")).json());
    expect(list.data.map((m) => [m.email, m.role])).toEqual([
      ["boss@team.example", "admin"],
      ["intern@team.example", "viewer"],
    ]);
    const added = await asMember(admin.cookie, siteKey, "/v1/members", {
      method: "POST",
      body: { email: "New@Team.example", name: "新人", role: "viewer" },
    });
    expect(added.status).toBe(201);
    const newcomer = MemberSchema.parse(await added.json());
    expect(newcomer).toMatchObject({ email: "new@team.example", name: "新人", role: "viewer" });
    const again = await asMember(admin.cookie, siteKey, "/v1/members", {
      method: "POST",
      body: { email: "new@team.example", role: "admin" },
    });
    expect(again.status).toBe(409);
    expect(await errorOf(again)).toMatchObject({ code: "already_member", fields: { email: expect.any(String) } });
    const promoted = await asMember(admin.cookie, siteKey, `/v1/members/${newcomer.id}`, {
      method: "PATCH",
      body: { role: "member" },
    });
    expect(promoted.status).toBe(200);
    expect(MemberSchema.parse(await promoted.json()).role).toBe("member");
    const bad = await asMember(admin.cookie, siteKey, `/v1/members/${newcomer.id}`, {
      method: "PATCH",
      body: { role: "owner" },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).fields).toHaveProperty("role");
    expect((await asMember(admin.cookie, siteKey, `/v1/members/${newcomer.id}`, { method: "DELETE" })).status).toBe(
      204,
    );
    expect((await asMember(admin.cookie, siteKey, `/v1/members/${newcomer.id}`, { method: "DELETE" })).status).toBe(
      404,
    );
  });

  it("removing a member revokes their sessions at once, on every site; their history stays", async () => {
    const a = await makeSite();
    const b = await makeSite();
    const id = await seedInquiry(a.siteKey);
    const admin = await signedInMember(a.siteId, "admin");
    const leaving = await signedInMember(a.siteId, "member");
    await addMember(b.siteId, "viewer", leaving.email);
    await asMember(leaving.cookie, a.siteKey, `/v1/inquiries/${id}`, {
      method: "PATCH",
      body: { status: "contacted" },
    });
    expect((await asMember(leaving.cookie, b.siteKey, "/v1/inquiries")).status).toBe(200);

    const removed = await asMember(admin.cookie, a.siteKey, `/v1/members/${leaving.id}`, { method: "DELETE" });
    expect(removed.status).toBe(204);
    for (const site of [a.siteKey, b.siteKey]) {
      const res = await asMember(leaving.cookie, site, "/v1/inquiries");
      expect(res.status, site).toBe(401);
    }
    expect((await asMember(leaving.cookie, undefined, "/v1/me")).status).toBe(401);
    const detail = InquiryDetailSchema.parse(
      await (await asMember(admin.cookie, a.siteKey, `/v1/inquiries/${id}`)).json(),
    );
    expect(detail.history[0]!.member?.email).toBe(leaving.email);
  });

  it("keeps the site's last admin: demoting or removing them is 409 last_admin, once another admin exists it works", async () => {
    const { siteId, siteKey } = await makeSite();
    const admin = await signedInMember(siteId, "admin");
    const demote = () =>
      asMember(admin.cookie, siteKey, `/v1/members/${admin.id}`, { method: "PATCH", body: { role: "member" } });
    const refused = await demote();
    expect(refused.status).toBe(409);
    expect(await errorOf(refused)).toMatchObject({ code: "last_admin", fields: { role: expect.any(String) } });
    const removal = await asMember(admin.cookie, siteKey, `/v1/members/${admin.id}`, { method: "DELETE" });
    expect(removal.status).toBe(409);
    expect(await errorOf(removal)).toMatchObject({ code: "last_admin", fields: { id: expect.any(String) } });
    // Still admin, still signed in; admin → admin is no change and allowed.
    const same = await asMember(admin.cookie, siteKey, `/v1/members/${admin.id}`, {
      method: "PATCH",
      body: { role: "admin" },
    });
    expect(same.status).toBe(200);
    await addMember(siteId, "admin");
    expect((await demote()).status).toBe(200);
    expect(await rows("SELECT role FROM site_members WHERE member_id = ?", admin.id)).toEqual([{ role: "member" }]);
  });

  it("an admin of site A cannot remove or change a member of site B by id (404)", async () => {
    const a = await makeSite();
    const b = await makeSite();
    const admin = await signedInMember(a.siteId, "admin");
    const bMember = await signedInMember(b.siteId, "member");
    expect((await asMember(admin.cookie, a.siteKey, `/v1/members/${bMember.id}`, { method: "DELETE" })).status).toBe(
      404,
    );
    const patch = await asMember(admin.cookie, a.siteKey, `/v1/members/${bMember.id}`, {
      method: "PATCH",
      body: { role: "viewer" },
    });
    expect(patch.status).toBe(404);
    expect((await asMember(bMember.cookie, b.siteKey, "/v1/inquiries")).status).toBe(200);
  });
});
