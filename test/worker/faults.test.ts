import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { appWith, faultyD1, seededRandom } from "./d1-wrappers.ts";
import { context, makeSite, ORIGIN } from "./helpers.ts";

// 500 in the suite; `npm run soak` sets HIKIAI_SOAK and runs 5,000.
const SUBMISSIONS = env.HIKIAI_SOAK ? 5000 : 500;
const FAULT_RATE = 0.2;
const IN_FLIGHT = 8;
const MAX_ATTEMPTS = 40;

interface Planned {
  kind: "lead" | "inquiry";
  body: { submissionId: string; email: string; resourceId?: string; message?: string };
}

/** Leads and inquiries from a pool of people smaller than the run, so contacts are shared. */
function plan(random: () => number): Planned[] {
  const people = Math.max(10, Math.floor(SUBMISSIONS / 4));
  const resources = ["whitepaper-2026", "price-list", "case-study"];
  return Array.from({ length: SUBMISSIONS }, (_, i) => {
    const email = `person${Math.floor(random() * people)}@example.jp`;
    const submissionId = crypto.randomUUID();
    if (random() < 0.5) {
      const resourceId = resources[Math.floor(random() * resources.length)];
      return { kind: "lead", body: { submissionId, email, resourceId, context } };
    }
    // A distinct message per inquiry: each one is a new request, never a 24 h repeat.
    return { kind: "inquiry", body: { submissionId, email, kind: "quote", message: `見積 #${i}`, context } };
  });
}

interface Answer {
  status: number;
  id: string;
  attempts: number;
}

it(`${SUBMISSIONS} submissions with 20 % of D1 batches failing (half after commit): 0 lost, 0 duplicated`, async () => {
  const { siteKey, siteId } = await makeSite();
  const random = seededRandom(0x8a11);
  const { db, counts } = faultyD1(env.DB, FAULT_RATE, random);
  const fetchApp = appWith(db);
  const planned = plan(seededRandom(0x1ead));
  const answers = new Map<string, Answer>();
  const retryAnswers: { status: number; code: unknown }[] = [];
  // The app logs each unexpected error once; kept out of the test output, counted below.
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});

  // The widget's behaviour: resend the same body until a 2xx (a 4xx would be a bug here).
  async function deliver({ kind, body }: Planned) {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const res = await fetchApp(`/v1/collect/${kind}?site=${siteKey}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { id?: string; error?: { code: string; message: string } };
      if (res.status >= 200 && res.status < 300) {
        answers.set(body.submissionId, { status: res.status, id: String(json.id), attempts: attempt });
        return;
      }
      retryAnswers.push({ status: res.status, code: json.error?.code });
      expect(res.status, JSON.stringify(json)).toBeGreaterThanOrEqual(500);
      expect(json.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
    throw new Error(`${body.submissionId} got no answer in ${MAX_ATTEMPTS} attempts`);
  }
  const queue = [...planned];
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await deliver(next);
    }),
  );

  // Faults really happened, at about the rate asked for, of both kinds.
  const faults = counts.failedBeforeCommit + counts.failedAfterCommit;
  expect(faults / counts.batches).toBeGreaterThan(0.15);
  expect(faults / counts.batches).toBeLessThan(0.25);
  expect(counts.failedBeforeCommit).toBeGreaterThan(SUBMISSIONS / 40);
  expect(counts.failedAfterCommit).toBeGreaterThan(SUBMISSIONS / 40);
  expect(retryAnswers.length).toBe(faults);
  expect(logged).toHaveBeenCalledTimes(faults);
  logged.mockRestore();

  // 0 lost: every submission was answered with a 2xx, and its id is stored under its kind.
  expect(answers.size).toBe(SUBMISSIONS);
  const stored = await env.DB.prepare("SELECT submission_id, kind, record_id FROM submissions WHERE site_id = ?")
    .bind(siteId)
    .all<{ submission_id: string; kind: string; record_id: string }>();
  const bySubmission = new Map(stored.results.map((r) => [r.submission_id, r]));
  const lost = planned.filter(
    ({ kind, body }) =>
      bySubmission.get(body.submissionId)?.kind !== kind ||
      bySubmission.get(body.submissionId)?.record_id !== answers.get(body.submissionId)?.id,
  );
  expect(lost).toEqual([]);

  // 0 duplicated: one submission row each, every download counted once, one inquiry per request,
  // one contact per person.
  expect(stored.results.length).toBe(SUBMISSIONS);
  const leads = planned.filter((p) => p.kind === "lead");
  const inquiries = planned.filter((p) => p.kind === "inquiry");
  const one = async (sql: string) => (await env.DB.prepare(sql).bind(siteId).first<{ n: number }>())?.n;
  expect(await one("SELECT coalesce(sum(download_count), 0) AS n FROM leads WHERE site_id = ?")).toBe(leads.length);
  expect(await one("SELECT count(*) AS n FROM leads WHERE site_id = ?")).toBe(
    new Set(leads.map((p) => `${p.body.email} ${p.body.resourceId}`)).size,
  );
  expect(await one("SELECT count(*) AS n FROM inquiries WHERE site_id = ?")).toBe(inquiries.length);
  expect(await one("SELECT count(*) AS n FROM contacts WHERE site_id = ?")).toBe(
    new Set(planned.map((p) => p.body.email)).size,
  );

  const attempts = [...answers.values()].map((a) => a.attempts);
  console.log(
    `faults: ${SUBMISSIONS} submissions (${leads.length} leads, ${inquiries.length} inquiries), ` +
      `${counts.batches} batches, ${counts.failedBeforeCommit} failed before commit, ` +
      `${counts.failedAfterCommit} after commit (${((100 * faults) / counts.batches).toFixed(1)} %), ` +
      `${retryAnswers.length} retryable answers (${[...new Set(retryAnswers.map((r) => `${r.status} ${r.code}`))].join(", ")}), ` +
      `max ${Math.max(...attempts)} attempts; lost 0, duplicated 0`,
  );
}, 120_000);
