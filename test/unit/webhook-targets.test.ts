import { describe, expect, it } from "vitest";
import { isLocalHost, parseLocalTargets, webhookUrlProblem } from "../../shared/webhooks.ts";

const LOCAL = "must be a public host: private, loopback and link-local addresses and localhost are refused";

describe("webhook targets without the local-development setting (production)", () => {
  it("refuses this machine and private networks, over http or https", () => {
    for (const url of [
      "http://localhost:8788/hook",
      "http://127.0.0.1:8788/hook",
      "https://[::1]/hook",
      "https://10.1.2.3/",
      "https://172.31.255.255/",
      "https://192.168.0.1/",
      "https://169.254.169.254/",
      "https://[fe80::abcd]/",
      "https://[fc12::1]/",
      "https://0x7f.1/",
      "https://LOCALHOST./",
    ]) {
      expect(webhookUrlProblem(url), url).toBe(LOCAL);
    }
  });

  it("accepts public hosts over https only", () => {
    expect(webhookUrlProblem("https://crm.example.com/hooks")).toBeNull();
    expect(webhookUrlProblem("https://8.8.8.8/hooks")).toBeNull();
    expect(webhookUrlProblem("https://172.32.0.1/")).toBeNull();
    expect(webhookUrlProblem("https://[2001:db8::1]/")).toBeNull();
    expect(webhookUrlProblem("http://crm.example.com/hooks")).toBe("must use https");
  });

  it("isLocalHost tells names and literals apart", () => {
    expect(isLocalHost("localhost")).toBe(true);
    expect(isLocalHost("x.localhost")).toBe(true);
    expect(isLocalHost("localhost.example.com")).toBe(false);
    expect(isLocalHost("[::ffff:7f00:1]")).toBe(true);
    expect(isLocalHost("[2001:db8::1]")).toBe(false);
  });
});

describe("with the local-development setting", () => {
  const local = parseLocalTargets(" 127.0.0.1, LOCALHOST ,[::1]");

  it("lets exactly the named hosts through, over http too, also as a Slack stand-in", () => {
    expect(local).toEqual(["127.0.0.1", "localhost", "[::1]"]);
    expect(webhookUrlProblem("http://127.0.0.1:9/x", "webhook", local)).toBeNull();
    expect(webhookUrlProblem("http://localhost:9/x", "slack", local)).toBeNull();
    expect(webhookUrlProblem("http://[::1]:9/x", "webhook", local)).toBeNull();
    expect(webhookUrlProblem("http://10.0.0.1/x", "webhook", local)).toBe(LOCAL);
    expect(webhookUrlProblem("https://example.com/x", "slack", local)).toMatch(/Slack incoming-webhook URL/);
  });

  it("an empty setting allows none", () => {
    expect(parseLocalTargets(undefined)).toEqual([]);
    expect(parseLocalTargets(" , ")).toEqual([]);
  });
});
