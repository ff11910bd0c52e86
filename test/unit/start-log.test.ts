// npm start's output helpers: the worker's lines prefixed once each, and a taken port named by
// the variable that moves it.
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { bindingsTableOnce, linePrefixer, portInUseMessage } from "../../scripts/start-log.ts";

describe("linePrefixer", () => {
  it("prefixes each line once, whatever the chunks, and drops blank lines", () => {
    const written: string[] = [];
    const write = linePrefixer("[worker] ", (text) => written.push(text));
    write("Your Worker has access to the following bindings:\n");
    write("env.DB (hikiai)   D1 Database\n\n   \n⎔ Starting ");
    write("local server...\n[wrangler:info] Ready on http://localhost:8787\n");
    expect(written.join("")).toBe(
      [
        "[worker] Your Worker has access to the following bindings:",
        "[worker] env.DB (hikiai)   D1 Database",
        "[worker] ⎔ Starting local server...",
        "[worker] [wrangler:info] Ready on http://localhost:8787",
        "",
      ].join("\n"),
    );
  });
});

describe("bindingsTableOnce", () => {
  it("lets wrangler's bindings table through the first time only, and every other line each time", () => {
    const written: string[] = [];
    const write = linePrefixer("[worker] ", (text) => written.push(text), bindingsTableOnce());
    const table = [
      "Your Worker has access to the following bindings:",
      "Binding            Resource       Mode",
      "env.DB (hikiai)    D1 Database    local",
    ];
    write(`${table.join("\n")}\n⎔ Starting local server...\n`);
    write(`${table.join("\n")}\n[wrangler:info] Ready on http://localhost:8787\n`);
    write("env.DB is a line of the worker's own\n");
    expect(written.join("")).toBe(
      [
        ...table.map((line) => `[worker] ${line}`),
        "[worker] ⎔ Starting local server...",
        "[worker] [wrangler:info] Ready on http://localhost:8787",
        "[worker] env.DB is a line of the worker's own",
        "",
      ].join("\n"),
    );
  });
});

describe("portInUseMessage", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  const listen = (host: string) =>
    new Promise<number>((resolve) => {
      const listening = createServer();
      server = listening;
      listening.listen(0, host, () => resolve((listening.address() as { port: number }).port));
    });

  it("names the first taken port, what uses it and the variable to set", async () => {
    const port = await listen("127.0.0.1");
    const message = await portInUseMessage([{ variable: "DEMO_PORT", port, what: "the demo page" }]);
    expect(message).toBe(
      `error: port ${port} (the demo page) is in use: stop what holds it, or choose another port, e.g. DEMO_PORT=${port + 10} npm start`,
    );
  });

  it("says nothing when every port is free", async () => {
    const port = await listen("127.0.0.1");
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    expect(await portInUseMessage([{ variable: "PORT", port, what: "the collector" }])).toBeUndefined();
  });
});
