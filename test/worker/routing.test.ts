import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { InquiryDetailSchema } from "../../shared/api-team.ts";
import { RoutingRuleListSchema, RoutingTestResultSchema } from "../../shared/routing.ts";
import { handleQueue } from "../../worker/notify/consumer.ts";
import type { NotifyMessage } from "../../worker/notify/enqueue.ts";
import { call, collect, inquiryBody, makeSite, rows } from "./helpers.ts";
import { api, eventually, storeInquiry } from "./notify-helpers.ts";
import { addMember, asMember, signedInMember } from "./session-fixtures.ts";
import { addKey } from "./team-fixtures.ts";

/** A site with a write key and three members (their e-mails). */
async function team() {
  const site = await makeSite({ scope: "write" });
  const people = await Promise.all(
    ["aoki", "baba", "chiba"].map((n) =>
      addMember(site.siteId, "member", `${n}-${crypto.randomUUID().slice(0, 6)}@team.example`),
    ),
  );
  return { ...site, people: people.map((p) => p.email), ids: people.map((p) => p.id) };
}

const remove = (apiKey: string, path: string) =>
  call(path, { method: "DELETE", headers: { authorization: `Bearer ${apiKey}` } });

const addRule = async (apiKey: string, body: Record<string, unknown>) => {
  const res = await api(apiKey, "POST", "/v1/routing-rules", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: number };
};

/** Runs the queue consumer once over these notifications, as one batch (no wait for the queue). */
async function consume(notificationIds: string[]) {
  const batch = createMessageBatch<NotifyMessage>(
    "hikiai-notifications",
    notificationIds.map((notificationId, i) => ({
      id: `m${i}`,
      timestamp: Date.now(),
      attempts: 1,
      body: { notificationId },
    })),
  );
  await handleQueue(batch, env as never);
  return getQueueResult(batch, createExecutionContext());
}

/** Stores an inquiry as the collect path does for a site with rules (its outbox row included). */
async function stored(siteId: string, overrides: Record<string, unknown> = {}, at = Date.now()) {
  const outcome = await storeInquiry(siteId, inquiryBody(overrides), at, true);
  expect(outcome.notificationId).toBeDefined();
  return { id: outcome.id, notificationId: outcome.notificationId! };
}

const assigneeOf = async (id: string) =>
  (await rows<{ assignee: string | null }>("SELECT assignee FROM inquiries WHERE id = ?", id))[0]!.assignee;

// 2026-12-07 is a Monday: 10:00 and 20:00 in Tokyo.
const MONDAY_10_JST = Date.parse("2026-12-07T01:00:00Z");
const MONDAY_20_JST = Date.parse("2026-12-07T11:00:00Z");

describe("the rules API", () => {
  it("admins add, move and remove rules; the list is numbered in order and names the members", async () => {
    const { apiKey, people } = await team();
    const first = await addRule(apiKey, {
      name: "Toyota",
      conditions: { emailDomains: ["toyota.co.jp"] },
      action: "assign",
      members: [people[0]],
    });
    const second = await addRule(apiKey, { action: "round_robin", members: [people[1], people[2]] });
    const top = await addRule(apiKey, {
      conditions: { kinds: ["quote"] },
      action: "assign",
      members: [people[2]],
      position: 1,
    });
    expect(top.number).toBe(1);

    const list = await api(apiKey, "GET", "/v1/routing-rules");
    expect(RoutingRuleListSchema.safeParse(list.body).success).toBe(true);
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([top.id, first.id, second.id]);
    expect(list.body.data[1]).toMatchObject({ number: 2, name: "Toyota", action: "assign", assigned: 0 });
    expect(list.body.data[2].members.map((m: { email: string }) => m.email)).toEqual([people[1], people[2]]);

    const moved = await api(apiKey, "POST", `/v1/routing-rules/${second.id}/move`, { position: 1 });
    expect(moved.body.data.map((r: { id: string }) => r.id)).toEqual([second.id, top.id, first.id]);
    expect((await remove(apiKey, `/v1/routing-rules/${top.id}`)).status).toBe(204);
    const after = await api(apiKey, "GET", "/v1/routing-rules");
    expect(after.body.data.map((r: { number: number }) => r.number)).toEqual([1, 2]);
  });

  it("a 400 names the field: a non-member, assign with two members, an unknown condition", async () => {
    const { apiKey, people } = await team();
    const stranger = await api(apiKey, "POST", "/v1/routing-rules", {
      action: "assign",
      members: ["who@else.example"],
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.fields.members).toMatch(/who@else\.example is not a member of this site/);
    const two = await api(apiKey, "POST", "/v1/routing-rules", { action: "assign", members: people.slice(0, 2) });
    expect(two.body.error.fields.members).toMatch(/exactly one member; use round_robin/);
    const odd = await api(apiKey, "POST", "/v1/routing-rules", {
      action: "assign",
      members: [people[0]],
      conditions: { country: ["jp"] },
    });
    expect(odd.status).toBe(400);
    expect(Object.keys(odd.body.error.fields).join()).toMatch(/conditions/);
    const missing = await api(apiKey, "POST", `/v1/routing-rules/${crypto.randomUUID()}/move`, { position: 1 });
    expect(missing.status).toBe(404);
  });

  it("any role reads; only admins (and write keys) change", async () => {
    const { siteId, siteKey, apiKey, people } = await team();
    await addRule(apiKey, { action: "assign", members: [people[0]] });
    const { key: reader } = await addKey(siteId, "read");
    expect((await api(reader, "GET", "/v1/routing-rules")).body.data).toHaveLength(1);
    const refused = await api(reader, "POST", "/v1/routing-rules", { action: "assign", members: [people[0]] });
    expect(refused.status).toBe(403);
    const viewer = await signedInMember(siteId, "viewer");
    expect((await asMember(viewer.cookie, siteKey, "/v1/routing-rules")).status).toBe(200);
    const member = await signedInMember(siteId, "member");
    const denied = await asMember(member.cookie, siteKey, "/v1/routing-rules", {
      method: "POST",
      body: { action: "assign", members: [people[0]] },
    });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { fields: Record<string, string> } }).error.fields.role).toMatch(/admin/);
    const admin = await signedInMember(siteId, "admin");
    const added = await asMember(admin.cookie, siteKey, "/v1/routing-rules", {
      method: "POST",
      body: { action: "assign", members: [people[1]] },
    });
    expect(added.status).toBe(201);
  });

  it("the dry run names the rule that would match and why the ones before it do not", async () => {
    const { apiKey, people } = await team();
    await addRule(apiKey, { conditions: { kinds: ["quote"] }, action: "assign", members: [people[0]] });
    await addRule(apiKey, {
      conditions: { companyContains: ["トヨタ"] },
      action: "round_robin",
      members: [people[1], people[2]],
    });
    const res = await api(apiKey, "POST", "/v1/routing-rules/test", {
      kind: "demo",
      email: "a@example.jp",
      company: "トヨタ自動車",
    });
    expect(res.status).toBe(200);
    expect(RoutingTestResultSchema.safeParse(res.body).success).toBe(true);
    expect(res.body.match).toMatchObject({ number: 2 });
    expect(res.body.match.candidates.map((m: { email: string }) => m.email)).toEqual([people[1], people[2]]);
    expect(res.body.rules[0]).toMatchObject({ number: 1, matched: false, reason: "kind is demo, not quote" });
    const none = await api(apiKey, "POST", "/v1/routing-rules/test", { kind: "contact", email: "a@example.jp" });
    expect(none.body.match).toBeNull();
    // Nothing was assigned by the dry run.
    expect(
      (await api(apiKey, "GET", "/v1/routing-rules")).body.data.map((r: { assigned: number }) => r.assigned),
    ).toEqual([0, 0]);
  });
});

describe("the consumer applies the rules", () => {
  it("a collected inquiry is assigned through the local queue, without a webhook; the history says which rule", async () => {
    const { siteKey, apiKey, people } = await team();
    await addRule(apiKey, { conditions: { kinds: ["quote"] }, action: "assign", members: [people[0]] });
    await addRule(apiKey, { conditions: { emailDomains: ["example.jp"] }, action: "assign", members: [people[1]] });
    const res = await collect("inquiry", siteKey, inquiryBody());
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const detail = await eventually(
      async () => (await api(apiKey, "GET", `/v1/inquiries/${id}`)).body,
      (d) => d.assignee !== null,
    );
    expect(InquiryDetailSchema.safeParse(detail).success).toBe(true);
    expect(detail.assignee).toBe(people[1]);
    expect(detail.history).toEqual([
      expect.objectContaining({
        field: "assignee",
        from: null,
        to: people[1],
        key: null,
        member: null,
        rule: expect.objectContaining({ number: 2 }),
      }),
    ]);
  });

  it("a first rule applies to the next inquiry at once: the collector's cached site is dropped", async () => {
    const { siteKey, siteId, apiKey, people } = await team();
    // Collected before any rule (and without a webhook): the site is cached as needing no outbox row.
    expect((await collect("inquiry", siteKey, inquiryBody({ email: "first@example.jp" }))).status).toBe(201);
    expect(await rows("SELECT id FROM notifications WHERE site_id = ?", siteId)).toEqual([]);
    await addRule(apiKey, { conditions: { kinds: ["demo"] }, action: "assign", members: [people[0]] });
    const res = await collect("inquiry", siteKey, inquiryBody({ email: "second@example.jp" }));
    const { id } = (await res.json()) as { id: string };
    const detail = await eventually(
      async () => (await api(apiKey, "GET", `/v1/inquiries/${id}`)).body,
      (d) => d.assignee !== null,
    );
    expect(detail.assignee).toBe(people[0]);
  });

  it("no rule matches: unassigned, no history", async () => {
    const { siteId, apiKey, people } = await team();
    await addRule(apiKey, { conditions: { kinds: ["quote"] }, action: "assign", members: [people[0]] });
    const inquiry = await stored(siteId);
    expect((await consume([inquiry.notificationId])).explicitAcks).toEqual(["m0"]);
    expect(await assigneeOf(inquiry.id)).toBeNull();
    expect(await rows("SELECT * FROM inquiry_history WHERE inquiry_id = ?", inquiry.id)).toEqual([]);
  });

  it("round robin is fair over 100 concurrent inquiries: counts differ by at most 1, none assigned twice", async () => {
    const { siteId, apiKey, people } = await team();
    const rule = await addRule(apiKey, { action: "round_robin", members: people });
    const inquiries = await Promise.all(
      Array.from({ length: 100 }, (_, i) => stored(siteId, { email: `lead${i}@example.jp` })),
    );
    // Ten consumer batches of ten at once, each message delivered twice (a redelivery racing the first).
    const ids = inquiries.map((q) => q.notificationId);
    await Promise.all(
      Array.from({ length: 10 }, (_, b) =>
        consume([...ids.slice(b * 10, b * 10 + 10), ...ids.slice(b * 10, b * 10 + 10)]),
      ),
    );
    const assigned = await rows<{ assignee: string; n: number }>(
      "SELECT assignee, count(*) AS n FROM inquiries WHERE site_id = ? GROUP BY assignee",
      siteId,
    );
    expect(assigned.map((a) => a.assignee).sort()).toEqual([...people].sort());
    const counts = assigned.map((a) => a.n);
    expect(counts.reduce((a, b) => a + b)).toBe(100);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    const history = await rows<{ inquiry_id: string }>(
      "SELECT inquiry_id FROM inquiry_history WHERE site_id = ?",
      siteId,
    );
    expect(history).toHaveLength(100);
    expect(new Set(history.map((h) => h.inquiry_id)).size).toBe(100);
    expect((await rows<{ turns: number }>("SELECT turns FROM routing_rules WHERE id = ?", rule.id))[0]!.turns).toBe(
      100,
    );
  }, 60_000);

  it("a queue redelivery assigns once and advances the round robin once", async () => {
    const { siteId, apiKey, people } = await team();
    const rule = await addRule(apiKey, { action: "round_robin", members: people.slice(0, 2) });
    const inquiry = await stored(siteId);
    await consume([inquiry.notificationId]);
    const first = await assigneeOf(inquiry.id);
    // The notification is dispatched now; a redelivery of a message that died before that is
    // simulated by making it undispatched again.
    await env.DB.prepare("UPDATE notifications SET dispatched_at = NULL WHERE id = ?")
      .bind(inquiry.notificationId)
      .run();
    await consume([inquiry.notificationId]);
    await consume([inquiry.notificationId]);
    expect(await assigneeOf(inquiry.id)).toBe(first);
    expect((await rows<{ turns: number }>("SELECT turns FROM routing_rules WHERE id = ?", rule.id))[0]!.turns).toBe(1);
    expect(await rows("SELECT * FROM inquiry_history WHERE inquiry_id = ?", inquiry.id)).toHaveLength(1);
  });

  it("an assignment a person made first stands: the rule neither overrides it nor takes a turn", async () => {
    const { siteId, apiKey, people } = await team();
    const rule = await addRule(apiKey, { action: "assign", members: [people[0]] });
    const inquiry = await stored(siteId);
    const patched = await api(apiKey, "PATCH", `/v1/inquiries/${inquiry.id}`, { assignee: "営業 佐藤" });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await consume([inquiry.notificationId]);
    expect(await assigneeOf(inquiry.id)).toBe("営業 佐藤");
    expect((await rows<{ turns: number }>("SELECT turns FROM routing_rules WHERE id = ?", rule.id))[0]!.turns).toBe(0);
  });

  it("a business-hours-only rule is skipped outside business hours (Monday 20:00 in Tokyo); the next rule assigns", async () => {
    const { siteId, apiKey, people } = await team();
    await addRule(apiKey, { action: "assign", members: [people[0]], businessHoursOnly: true });
    await addRule(apiKey, { action: "assign", members: [people[1]] });
    const day = await stored(siteId, { email: "day@example.jp" }, MONDAY_10_JST);
    const night = await stored(siteId, { email: "night@example.jp" }, MONDAY_20_JST);
    await consume([day.notificationId, night.notificationId]);
    expect(await assigneeOf(day.id)).toBe(people[0]);
    expect(await assigneeOf(night.id)).toBe(people[1]);
  });

  it("members removed from the site are skipped by the round robin", async () => {
    const { siteId, apiKey, people, ids } = await team();
    await addRule(apiKey, { action: "round_robin", members: people });
    expect((await remove(apiKey, `/v1/members/${ids[0]}`)).status).toBe(204);
    const inquiries = await Promise.all([0, 1, 2, 3].map((i) => stored(siteId, { email: `r${i}@example.jp` })));
    await consume(inquiries.map((q) => q.notificationId));
    const got = await Promise.all(inquiries.map((q) => assigneeOf(q.id)));
    expect(got.filter((a) => a === people[1])).toHaveLength(2);
    expect(got.filter((a) => a === people[2])).toHaveLength(2);
  });
});
