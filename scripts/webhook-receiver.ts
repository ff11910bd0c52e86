// A small real HTTP server that receives hikiai webhooks: `npm start` prints each one with its
// signature checked, and the tests use it as the far end of a delivery. What it answers depends
// on the path, so one receiver can play several endpoints:
//   /fail-first/N/…  500 for the first N requests of each webhook-id, then 204
//   /status/CODE/…   always CODE
//   /hang/…          never answers (the sender's timeout ends it)
//   /slow/MS/…       204 after MS milliseconds
//   /endless/CODE/…  CODE with a body that never ends (until the sender closes the connection)
//   anything else    204
// GET /__received?prefix=/path lists what arrived under a path (JSON), for tests in workerd.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook } from "../shared/webhook-signature.ts";

/** This machine's hosts, allowed as webhook targets in local runs only (the worker's WEBHOOK_LOCAL_TARGETS). */
export const LOCAL_WEBHOOK_TARGETS = "127.0.0.1,localhost,[::1]";

export interface ReceivedWebhook {
  path: string;
  id: string | null;
  timestamp: string | null;
  signature: string | null;
  body: string;
  receivedAt: number;
  /** Signature check against the receiver's secret: null when it has none. */
  verified: boolean | null;
  answered: number | null;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return typeof value === "string" ? value : null;
};

/** Answers `status` with 64 KB chunks for as long as the other end reads them. */
function streamForever(res: ServerResponse, status: number) {
  const chunk = Buffer.alloc(64 * 1024, "x");
  res.writeHead(status, { "content-type": "text/plain" });
  const write = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", write);
  };
  res.on("error", () => {});
  write();
}

/** Starts the receiver on `port` (0: any free port) of 127.0.0.1. */
export async function startWebhookReceiver(
  options: {
    port?: number;
    /** The whsec_… secret to verify signatures with (npm start knows the demo webhook's). */
    secret?: () => string | undefined;
    onReceive?: (message: ReceivedWebhook) => void;
  } = {},
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const attemptsById = new Map<string, number>();
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (req.method === "GET" && url.pathname === "/__received") {
      const prefix = url.searchParams.get("prefix") ?? "/";
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(received.filter((r) => r.path.startsWith(prefix))));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const id = header(req.headers, "webhook-id");
    const timestamp = header(req.headers, "webhook-timestamp");
    const signature = header(req.headers, "webhook-signature");
    const secret = options.secret?.();
    const message: ReceivedWebhook = {
      path: url.pathname,
      id,
      timestamp,
      signature,
      body,
      receivedAt: Date.now(),
      verified: secret ? await verifyWebhook(secret, { id, timestamp, signature }, body) : null,
      answered: null,
    };
    received.push(message);

    const [, mode, arg] = url.pathname.split("/");
    let status = 204;
    if (mode === "hang") {
      hanging.add(res);
      options.onReceive?.(message);
      return;
    }
    if (mode === "endless") {
      message.answered = Number(arg) || 200;
      options.onReceive?.(message);
      streamForever(res, message.answered);
      return;
    }
    if (mode === "slow") await new Promise((resolve) => setTimeout(resolve, Number(arg) || 1000));
    if (mode === "status") status = Number(arg) || 500;
    if (mode === "fail-first") {
      const key = `${url.pathname}|${id ?? body}`;
      const seen = (attemptsById.get(key) ?? 0) + 1;
      attemptsById.set(key, seen);
      if (seen <= Number(arg)) status = 500;
    }
    message.answered = status;
    options.onReceive?.(message);
    res.statusCode = status;
    res.end(status >= 400 ? "receiver says no" : undefined);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
