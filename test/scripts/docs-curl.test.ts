// Every curl example in the docs that targets the local stack runs, as written, against a real
// one (wrangler dev, local D1): with the demo key for `hk_…`, this stack's ports, and ids of rows
// that exist for the placeholders (INQUIRY_ID, wh_…, fresh one-time tokens). Each must answer 2xx,
// or the redirect its comment names (`# 303, Location: …`), so the docs cannot drift from the API.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_MEMBER } from "../../scripts/demo-site.ts";
import { ROOT } from "../../scripts/local-d1.ts";
import { type LocalStack, startLocalStack } from "../../scripts/local-stack.ts";
import type { MailboxMessage } from "../../scripts/mailbox-standin.ts";

const offset = Number(process.env.HIKIAI_TEST_PORT_OFFSET ?? 0);
const ports = { worker: 8838 + offset, demo: 5238 + offset };

interface Example {
  where: string;
  command: string;
  /** The redirect status the line after the command names, if any; else any 2xx. */
  redirect?: string;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : [],
  );
}

/** The curl commands of ```sh blocks (continued lines joined) that call the local collector. */
function localCurlExamples(): Example[] {
  const files = [join(ROOT, "README.md"), ...markdownFiles(join(ROOT, "docs"))];
  return files.flatMap((file) => {
    const examples: Example[] = [];
    let inSh = false;
    let current: { line: number; text: string } | undefined;
    let previous: Example | undefined;
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, index) => {
        if (/^```/.test(line)) {
          inSh = !inSh && line.trim() === "```sh";
          return;
        }
        if (!inSh) return;
        const redirect = /^# (3\d\d)\b/.exec(line)?.[1];
        if (previous && redirect) previous.redirect = redirect;
        previous = undefined;
        if (current) current.text += `\n${line}`;
        else if (/^curl /.test(line)) current = { line: index + 1, text: line };
        // A command goes on while its line ends in a backslash or a quote is still open.
        if (current && !/\\$/.test(line) && (current.text.match(/'/g)?.length ?? 0) % 2 === 0) {
          if (current.text.includes("http://localhost:8787")) {
            previous = { where: `${relative(ROOT, file)}:${current.line}`, command: current.text };
            examples.push(previous);
          }
          current = undefined;
        }
      });
    return examples;
  });
}

let stack: LocalStack;
let persistTo: string;
let cwd: string;
const ids: Record<string, string> = {};

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.collector}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.apiKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.json() as Promise<Record<string, unknown>>;
}

beforeAll(async () => {
  persistTo = mkdtempSync(join(tmpdir(), "hikiai-docs-curl-"));
  cwd = mkdtempSync(join(tmpdir(), "hikiai-docs-curl-out-"));
  stack = await startLocalStack({ workerPort: ports.worker, demoPort: ports.demo, persistTo });
  // Rows for the placeholders: two inquiries (so a list has a next page), their contact, a signed
  // webhook and one of its deliveries, a routing rule.
  for (const [n, email] of [
    [1, "ichiro@example.jp"],
    [2, "jiro@example.jp"],
  ] as const) {
    const res = await fetch(`${stack.collector}/v1/collect/inquiry?site=${stack.siteKey}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        submissionId: crypto.randomUUID(),
        kind: "contact",
        email,
        message: `お問い合わせ ${n}`,
        context: { pageUrl: "https://example.jp/contact" },
      }),
    });
    expect(res.status).toBe(201);
  }
  const page = (await api("GET", "/v1/inquiries?limit=1")) as {
    data: { id: string; contact: { id: string } }[];
    nextCursor: string;
  };
  ids.INQUIRY_ID = page.data[0]?.id ?? "";
  ids.CONTACT_ID = page.data[0]?.contact.id ?? "";
  ids.NEXT_CURSOR = page.nextCursor;
  const webhook = await api("POST", "/v1/webhooks", { url: "https://crm.example.com/hooks/hikiai" });
  ids["wh_…"] = webhook.id as string;
  ids["msg_…"] = (await api("POST", `/v1/webhooks/${ids["wh_…"]}/test`)).deliveryId as string;
  // A routing rule for the examples that move or remove one (RULE_ID).
  const rule = { conditions: { emailDomains: ["example.com"] }, action: "assign", members: [DEMO_MEMBER.email] };
  ids.RULE_ID = (await api("POST", "/v1/routing-rules", rule)).id as string;
  // One-time tokens, each used by one example: a sign-in link's, and a mailed download link's
  // (a lead of a resource delivered by mail; the link is read from the local mailbox).
  // (The sign-in link last: it is written by `wrangler d1 execute`, seconds under load, after which
  // the worker has closed the idle connections that fetch would reuse.)
  ids.DOWNLOAD_TOKEN = await mailedDownloadToken();
  ids.SIGN_IN_TOKEN = new URL(await stack.signInLink()).searchParams.get("token") ?? "";
}, 180_000);

async function mailedDownloadToken(): Promise<string> {
  const email = "download@example.jp";
  await api("PUT", "/v1/resources/price-list", {
    title: "料金表",
    fileUrl: `${stack.demo}/files/whitepaper.pdf`,
    delivery: "mail",
  });
  const res = await fetch(`${stack.collector}/v1/collect/lead?site=${stack.siteKey}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      submissionId: crypto.randomUUID(),
      email,
      resourceId: "price-list",
      context: { pageUrl: "https://example.jp/resources" },
    }),
  });
  expect(res.status).toBe(201);
  for (let tries = 0; tries < 60; tries++) {
    const messages = (await (
      await fetch(`${stack.mailboxUrl}/messages?to=${encodeURIComponent(email)}`)
    ).json()) as MailboxMessage[];
    const token = messages.map((m) => /\/d\/([\w.-]+)/.exec(m.text)?.[1]).find(Boolean);
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("no download link in the mailbox");
}

afterAll(async () => {
  await stack?.stop();
  rmSync(persistTo, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});

/** The example with this stack's key, ports and ids, printing only the HTTP status. */
function runnable(command: string): string {
  let text = command
    .replace(/hk_…\(a write key\)|hk_live_…|hk_…|\$\(cat \.wrangler\/state\/demo-api-key\)|\$KEY\b/g, stack.apiKey)
    .replaceAll("http://localhost:8787", stack.collector)
    .replaceAll("http://localhost:5173", stack.demo)
    .replaceAll('"contactId":"…"', `"contactId":"${ids.CONTACT_ID}"`);
  for (const [placeholder, id] of Object.entries(ids)) text = text.replaceAll(placeholder, id);
  // The status alone, on stdout; no files (-OJ) and no headers (-i) written.
  return text.replace(/^curl( -OJ| -i)?/, "curl -sS -o /dev/null -w '%{http_code}'");
}

it("every local curl example in the docs answers 2xx, or the redirect it names", () => {
  const examples = localCurlExamples();
  expect(examples.length).toBeGreaterThan(20);
  // What removes data goes last, so the examples before it find their rows.
  const removes = (e: Example) => /-X DELETE|personal-data\/erase/.test(e.command);
  const ordered = [...examples.filter((e) => !removes(e)), ...examples.filter(removes)];
  expect(ordered.filter((e) => e.redirect).length).toBeGreaterThanOrEqual(2);
  const failures = ordered.flatMap(({ where, command, redirect }) => {
    const status = execFileSync("bash", ["-c", runnable(command)], { cwd, encoding: "utf8" }).trim();
    const expected = redirect ?? "2xx";
    return (redirect ? status === redirect : /^2\d\d$/.test(status))
      ? []
      : [`${where} answered ${status}, not ${expected}: ${command.split("\n")[0]}`];
  });
  expect(failures).toEqual([]);
}, 120_000);
