// `npm start` with a port already taken: one line naming the variable to set, exit 1, before
// anything is built or started; never an EADDRINUSE stack trace.
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ROOT } from "../../scripts/local-d1.ts";

const offset = Number(process.env.HIKIAI_TEST_PORT_OFFSET ?? 0);
const ports = { worker: 8832 + offset, demo: 5232 + offset, receiver: 8833 + offset, turnstile: 8834 + offset };

let holder: Server;
beforeAll(
  () =>
    new Promise<void>((resolve) => {
      holder = createServer().listen(ports.demo, "127.0.0.1", () => resolve());
    }),
);
afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

it("names DEMO_PORT when the demo page's port is taken", () => {
  const res = spawnSync("npm", ["run", "--silent", "start"], {
    cwd: ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      PORT: String(ports.worker),
      DEMO_PORT: String(ports.demo),
      RECEIVER_PORT: String(ports.receiver),
      TURNSTILE_PORT: String(ports.turnstile),
    },
    timeout: 60_000,
  });
  expect(res.status).toBe(1);
  expect(res.stdout).toBe("");
  expect(res.stderr).toBe(
    `error: port ${ports.demo} (the demo page) is in use: stop what holds it, or choose another port, e.g. DEMO_PORT=${ports.demo + 10} npm start\n`,
  );
});
