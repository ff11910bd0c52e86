// A local stand-in for Cloudflare Turnstile, which tests and `npm start` cannot reach. It speaks
// the documented API and plays Cloudflare's documented test keys, nothing more:
//   POST …/siteverify   form or JSON: secret, response, remoteip, idempotency_key →
//                       { success, error-codes, challenge_ts, hostname, action, cdata }
//     secret 1x0000000000000000000000000000000AA  passes
//            2x0000000000000000000000000000000AA  fails (invalid-input-response)
//            3x0000000000000000000000000000000AA  "token already spent" (timeout-or-duplicate)
//            anything else                        invalid-input-secret
//     The same idempotency_key answers its first result again, as Cloudflare documents.
//   POST /status/CODE/…  answers HTTP CODE (siteverify having an outage)
//   GET  …/api.js        a small window.turnstile: render / reset / remove / getResponse, with
//                        the test site keys' behaviour and the dummy token XXXX.DUMMY.TOKEN.XXXX
//   GET  /__calls        the siteverify requests received so far (JSON), for tests in workerd
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export const DUMMY_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";

/** Cloudflare's documented test keys (https://developers.cloudflare.com/turnstile/troubleshooting/testing/). */
export const TEST_KEYS = {
  siteKeys: {
    passes: "1x00000000000000000000AA",
    fails: "2x00000000000000000000AB",
    passesInvisible: "1x00000000000000000000BB",
    failsInvisible: "2x00000000000000000000BB",
    interactive: "3x00000000000000000000FF",
  },
  secrets: {
    passes: "1x0000000000000000000000000000000AA",
    fails: "2x0000000000000000000000000000000AA",
    spent: "3x0000000000000000000000000000000AA",
  },
} as const;

/** One siteverify request as the stand-in received it. */
export interface SiteverifyCall {
  secret?: string;
  response?: string;
  remoteip?: string;
  idempotency_key?: string;
  success: boolean;
}

export interface TurnstileStandIn {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The siteverify URL to give the worker (TURNSTILE_VERIFY_URL). */
  verifyUrl: string;
  /** The api.js URL to give the widget (TURNSTILE_SCRIPT_URL). */
  scriptUrl: string;
  calls: SiteverifyCall[];
  close(): Promise<void>;
}

/** What siteverify answers for one request (Cloudflare's test secrets' behaviour). */
export function answerFor(params: Record<string, string | undefined>) {
  const { secret, response } = params;
  const codes: string[] = [];
  if (!secret) codes.push("missing-input-secret");
  else if (!Object.values(TEST_KEYS.secrets).includes(secret as never)) codes.push("invalid-input-secret");
  if (!response) codes.push("missing-input-response");
  else if (secret === TEST_KEYS.secrets.fails) codes.push("invalid-input-response");
  else if (secret === TEST_KEYS.secrets.spent) codes.push("timeout-or-duplicate");
  if (codes.length) return { success: false, "error-codes": codes, messages: [] };
  return {
    success: true,
    "error-codes": [],
    challenge_ts: new Date().toISOString(),
    hostname: "example.com",
    action: "",
    cdata: "",
    metadata: { result_with_testing_key: true },
  };
}

async function readParams(req: import("node:http").IncomingMessage): Promise<Record<string, string | undefined>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if ((req.headers["content-type"] ?? "").includes("application/json")) {
    try {
      return JSON.parse(text) as Record<string, string>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** Starts the stand-in on `port` (0: any free port) of 127.0.0.1. */
export async function startTurnstileStandIn(
  options: { port?: number; onVerify?: (call: SiteverifyCall) => void } = {},
): Promise<TurnstileStandIn> {
  const calls: SiteverifyCall[] = [];
  const byIdempotencyKey = new Map<string, ReturnType<typeof answerFor>>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://standin");
    if (req.method === "GET" && url.pathname === "/__calls") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(calls));
      return;
    }
    if (req.method === "GET" && url.pathname.endsWith("/api.js")) {
      res.setHeader("content-type", "text/javascript; charset=utf-8");
      res.setHeader("cache-control", "no-store");
      res.end(API_JS);
      return;
    }
    const outage = /^\/status\/(\d{3})\//.exec(url.pathname);
    if (req.method === "POST" && outage) {
      res.statusCode = Number(outage[1]);
      res.end("stand-in outage");
      return;
    }
    if (req.method === "POST" && url.pathname.endsWith("/siteverify")) {
      const params = await readParams(req);
      const key = params.idempotency_key;
      const answer = (key && byIdempotencyKey.get(key)) || answerFor(params);
      if (key) byIdempotencyKey.set(key, answer);
      const call = {
        secret: params.secret,
        response: params.response,
        remoteip: params.remoteip,
        idempotency_key: key,
        success: answer.success,
      };
      calls.push(call);
      options.onVerify?.(call);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(answer));
      return;
    }
    res.statusCode = 404;
    res.end("not found");
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    verifyUrl: `${url}/turnstile/v0/siteverify`,
    scriptUrl: `${url}/turnstile/v0/api.js?render=explicit`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// The stand-in api.js: the part of window.turnstile the widget uses, with the test site keys'
// documented behaviour. 1x…: a token (the dummy) after a short "check"; 2x…: the error callback;
// 3x…FF: a checkbox the visitor must click first. Tokens expire after 300 s, as real ones do.
const API_JS = `(() => {
  const DUMMY = ${JSON.stringify(DUMMY_TOKEN)};
  const widgets = new Map();
  let next = 0;
  function run(w) {
    clearTimeout(w.timer);
    w.token = "";
    const key = w.opts.sitekey || "";
    w.el.textContent = "";
    const box = document.createElement("div");
    box.setAttribute("data-turnstile-standin", key);
    box.style.cssText = "font:12px sans-serif;padding:4px;border:1px solid #ccc;display:inline-block";
    w.el.appendChild(box);
    const pass = () => {
      w.token = DUMMY;
      box.textContent = "Success! (Turnstile stand-in)";
      w.opts.callback && w.opts.callback(DUMMY);
      w.timer = setTimeout(() => { w.token = ""; w.opts["expired-callback"] && w.opts["expired-callback"](); }, 300000);
    };
    if (key.startsWith("2x")) {
      box.textContent = "Verification failed (Turnstile stand-in)";
      setTimeout(() => w.opts["error-callback"] && w.opts["error-callback"]("600010"), 50);
    } else if (key.startsWith("3x")) {
      const check = document.createElement("button");
      check.type = "button";
      check.textContent = "Verify you are human";
      check.onclick = pass;
      box.appendChild(check);
    } else {
      box.textContent = "Verifying…";
      setTimeout(pass, 100);
    }
  }
  window.turnstile = {
    render(el, opts) {
      const target = typeof el === "string" ? document.querySelector(el) : el;
      const id = "standin-" + next++;
      const w = { el: target, opts: opts || {}, token: "", timer: 0 };
      widgets.set(id, w);
      run(w);
      return id;
    },
    reset(id) { const w = widgets.get(id); if (w) run(w); },
    remove(id) { const w = widgets.get(id); if (w) { clearTimeout(w.timer); w.el.textContent = ""; widgets.delete(id); } },
    getResponse(id) { const w = widgets.get(id); return w ? w.token || undefined : undefined; },
    isExpired(id) { const w = widgets.get(id); return !w || !w.token; },
    ready(fn) { fn(); },
  };
})();
`;
