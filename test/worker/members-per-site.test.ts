// One person on two sites: what each site's admins set for them (name, Slack user id, mail
// language) is that site's own. An admin of site A adding someone who is on site B must neither
// see B's values nor change what B's Slack mentions and team mail use.
import { describe, expect, it } from "vitest";
import { call, collect, inquiryBody, makeSite } from "./helpers.ts";
import { mailTo, waitForMail } from "./mail-helpers.ts";
import { addWebhook, api, eventually, RECEIVER, received, receiverPath } from "./notify-helpers.ts";
import { asMember, linkToken, openLink } from "./session-fixtures.ts";

interface Listed {
  id: string;
  email: string;
  name: string | null;
  slackUserId: string | null;
  language: string | null;
}

const listed = async (apiKey: string, email: string) =>
  ((await api(apiKey, "GET", "/v1/members")).body.data as Listed[]).find((m) => m.email === email);

/** Collects an inquiry on the site and returns the text of the Slack message it sent to `path`. */
async function slackTextOfNewInquiry(siteKey: string, path: string) {
  await collect("inquiry", siteKey, inquiryBody());
  const [got] = await eventually(
    () => received(path),
    (r) => r.length === 1,
  );
  return (JSON.parse(got!.body) as { text: string }).text;
}

describe("a member of two sites", () => {
  it("has a name, Slack user id and mail language per site; another site's admin neither sees nor changes B's", async () => {
    const b = await makeSite({ scope: "write" });
    const a = await makeSite({ scope: "write" });
    const person = mailTo("pat");

    const onB = await api(b.apiKey, "POST", "/v1/members", { email: person, name: "Pat B", role: "member" });
    expect(onB.status).toBe(201);
    const id = onB.body.id as string;
    const setOnB = await api(b.apiKey, "PATCH", `/v1/members/${id}`, { slackUserId: "UBBB111", language: "en" });
    expect(setOnB.body).toMatchObject({ name: "Pat B", slackUserId: "UBBB111", language: "en" });

    // A adds the same person under another name: its answer shows only what A set.
    const onA = await api(a.apiKey, "POST", "/v1/members", { email: person, name: "Patricia A", role: "member" });
    expect(onA.status).toBe(201);
    expect(onA.body).toEqual({
      id,
      email: person,
      name: "Patricia A",
      role: "member",
      slackUserId: null,
      language: null,
    });
    const setOnA = await api(a.apiKey, "PATCH", `/v1/members/${id}`, { slackUserId: "UAAA222" });
    expect(setOnA.body).toMatchObject({ name: "Patricia A", slackUserId: "UAAA222", language: null });
    expect(await listed(a.apiKey, person)).toEqual(setOnA.body);
    expect(await listed(b.apiKey, person)).toMatchObject({
      id,
      name: "Pat B",
      slackUserId: "UBBB111",
      language: "en",
    });

    // B's Slack mention and team mail still use B's values; A's use A's.
    const bSlack = receiverPath();
    await addWebhook(b.apiKey, { type: "slack", url: `${RECEIVER}${bSlack}` });
    await api(b.apiKey, "POST", "/v1/routing-rules", { action: "assign", members: [person] });
    const bText = await slackTextOfNewInquiry(b.siteKey, bSlack);
    expect(bText).toContain("<@UBBB111>");
    expect(bText).not.toContain("UAAA222");
    const [bMail] = await waitForMail(person);
    expect(bMail!.subject).toBe("New demo request: 山田 花子 (株式会社サンプル)");

    const aSlack = receiverPath();
    await addWebhook(a.apiKey, { type: "slack", url: `${RECEIVER}${aSlack}` });
    await api(a.apiKey, "POST", "/v1/routing-rules", { action: "assign", members: [person] });
    expect(await slackTextOfNewInquiry(a.siteKey, aSlack)).toContain("<@UAAA222>");
    const mails = await waitForMail(person, 2);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      "New demo request: 山田 花子 (株式会社サンプル)",
      "新しいデモ依頼: 山田 花子 (株式会社サンプル)",
    ]);

    // Each site's routing rules name the person as that site does.
    const aRules = (await api(a.apiKey, "GET", "/v1/routing-rules")).body.data as { members: Listed[] }[];
    expect(aRules[0]!.members[0]).toMatchObject({ id, name: "Patricia A" });
    const bRules = (await api(b.apiKey, "GET", "/v1/routing-rules")).body.data as { members: Listed[] }[];
    expect(bRules[0]!.members[0]).toMatchObject({ id, name: "Pat B" });
  });

  it("added without a name shows the e-mail on that site, not another site's name for them", async () => {
    const b = await makeSite({ scope: "write" });
    const a = await makeSite({ scope: "write" });
    const person = mailTo("quinn");
    await api(b.apiKey, "POST", "/v1/members", { email: person, name: "Quinn B", role: "viewer" });
    const onA = await api(a.apiKey, "POST", "/v1/members", { email: person, role: "viewer" });
    expect(onA.status).toBe(201);
    expect(onA.body.name).toBeNull();
    expect((await listed(a.apiKey, person))?.name).toBeNull();
    expect((await listed(b.apiKey, person))?.name).toBe("Quinn B");
  });

  it("follow-up history names them as the site does; /v1/me, with no site, by the name they were first added with", async () => {
    const b = await makeSite({ scope: "write" });
    const a = await makeSite({ scope: "write" });
    const person = mailTo("rin");
    const { id } = (await api(b.apiKey, "POST", "/v1/members", { email: person, name: "Rin B", role: "member" }))
      .body as { id: string };
    await api(a.apiKey, "POST", "/v1/members", { email: person, name: "Rin A", role: "member" });

    const created = await collect("inquiry", a.siteKey, inquiryBody());
    const { id: inquiry } = (await created.json()) as { id: string };
    const { cookie } = await openLink(await linkToken(id, a.siteId));
    const patched = await asMember(cookie!, a.siteKey, `/v1/inquiries/${inquiry}`, {
      method: "PATCH",
      body: { status: "contacted" },
    });
    expect(patched.status).toBe(200);
    const detail = await api(a.apiKey, "GET", `/v1/inquiries/${inquiry}`);
    expect(detail.body.history.at(-1).member).toEqual({ id, email: person, name: "Rin A" });

    const me = (await (await call("/v1/me", { headers: { cookie: cookie! } })).json()) as {
      member: { name: string | null };
    };
    expect(me.member.name).toBe("Rin B");
  });
});
