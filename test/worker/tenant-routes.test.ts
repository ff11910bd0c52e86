// Tenant scoping of the newer team routes (routing rules, members, the mail log, auto-replies),
// against the real D1: a second site's write key sees none of a site's rows and changes none of
// them; an id of the other site is a 404 like an unknown one.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sendMail } from "../../worker/mail/send.ts";
import { call, makeSite } from "./helpers.ts";
import { mailTo } from "./mail-helpers.ts";
import { api } from "./notify-helpers.ts";
import { addMember } from "./session-fixtures.ts";

const remove = (apiKey: string, path: string) =>
  call(path, { method: "DELETE", headers: { authorization: `Bearer ${apiKey}` } });

/** Two sites with write keys; `a` has a member. */
async function twoSites() {
  const a = await makeSite({ scope: "write" });
  const b = await makeSite({ scope: "write" });
  const member = await addMember(a.siteId, "member", `aoki-${crypto.randomUUID().slice(0, 6)}@team.example`);
  return { a, b, member };
}

describe("another site's key", () => {
  it("neither lists, moves nor removes a site's routing rules, nor names its members in a rule", async () => {
    const { a, b, member } = await twoSites();
    const rule = await api(a.apiKey, "POST", "/v1/routing-rules", { action: "assign", members: [member.email] });
    expect(rule.status).toBe(201);

    expect((await api(b.apiKey, "GET", "/v1/routing-rules")).body.data).toEqual([]);
    const moved = await api(b.apiKey, "POST", `/v1/routing-rules/${rule.body.id}/move`, { position: 1 });
    expect(moved.status).toBe(404);
    expect((await remove(b.apiKey, `/v1/routing-rules/${rule.body.id}`)).status).toBe(404);
    const borrowed = await api(b.apiKey, "POST", "/v1/routing-rules", { action: "assign", members: [member.email] });
    expect(borrowed.status).toBe(400);
    expect(borrowed.body.error.fields.members).toMatch(/not a member of this site/);

    const kept = await api(a.apiKey, "GET", "/v1/routing-rules");
    expect(kept.body.data.map((r: { id: string }) => r.id)).toEqual([rule.body.id]);
  });

  it("neither lists a site's members nor changes or removes one by id (404)", async () => {
    const { a, b, member } = await twoSites();
    const listed = await api(b.apiKey, "GET", "/v1/members");
    expect(listed.body.data.map((m: { email: string }) => m.email)).not.toContain(member.email);
    const patched = await api(b.apiKey, "PATCH", `/v1/members/${member.id}`, { role: "admin" });
    expect(patched.status).toBe(404);
    const contact = await api(b.apiKey, "PATCH", `/v1/members/${member.id}`, { slackUserId: "U0BADB0Y" });
    expect(contact.status).toBe(404);
    expect((await remove(b.apiKey, `/v1/members/${member.id}`)).status).toBe(404);

    const mine = await api(a.apiKey, "GET", "/v1/members");
    expect(mine.body.data).toEqual([expect.objectContaining({ id: member.id, role: "member", slackUserId: null })]);
  });

  it("reads none of a site's mail log or auto-reply texts, and its changes stay its own", async () => {
    const { a, b } = await twoSites();
    const to = mailTo();
    const sent = await sendMail(env, {
      siteId: a.siteId,
      kind: "autoreply",
      key: crypto.randomUUID(),
      to,
      message: { to, from: { email: "noreply@shop.example.jp" }, subject: "A の受付", text: "受け付けました。" },
    });
    expect(sent).toBe("sent");
    expect((await api(a.apiKey, "GET", "/v1/mail-log")).body.data).toHaveLength(1);
    expect((await api(b.apiKey, "GET", "/v1/mail-log")).body.data).toEqual([]);

    const subject = "【A 社】お問い合わせを受け付けました";
    expect((await api(a.apiKey, "PATCH", "/v1/autoreply/contact", { ja: { subject } })).status).toBe(200);
    expect(JSON.stringify((await api(b.apiKey, "GET", "/v1/autoreply")).body)).not.toContain(subject);
    expect((await api(b.apiKey, "PATCH", "/v1/autoreply/contact", { ja: { subject: "B" } })).status).toBe(200);
    expect(JSON.stringify((await api(a.apiKey, "GET", "/v1/autoreply")).body)).toContain(subject);
  });
});
