import { describe, expect, it } from "vitest";
import { LIMITS } from "../../shared/schemas.ts";
import { call, makeSite } from "./helpers.ts";
import { SELF_ORIGIN } from "./session-fixtures.ts";

type ErrorBody = { error: { code: string; fields: Record<string, string> } };
type Document = { paths: Record<string, Record<string, { requestBody?: unknown }>> };

/** Every team-API route that takes a JSON body, from the generated OpenAPI document. */
async function bodyRoutes(): Promise<{ method: string; path: string }[]> {
  const doc = (await (await call("/v1/openapi.json")).json()) as Document;
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([, op]) => op.requestBody !== undefined)
      // The public endpoints (the widget's) are not team routes: form-analytics.test.ts covers the beacon's.
      .filter(() => !path.startsWith("/v1/collect/") && path !== "/v1/form-events")
      .map(([method, _]) => ({ method: method.toUpperCase(), path: path.replaceAll(/\{[^}]+\}/g, "x_none") })),
  );
}

describe("every body-taking team-API route guards its body like collect and refuses unknown fields", () => {
  it("415 for another content type, 413 past the size limit, 400 for broken JSON, 400 naming an unknown field", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const routes = await bodyRoutes();
    const named = routes.map((r) => `${r.method} ${r.path}`);
    // The routes the review found unguarded are among them.
    expect(named).toEqual(
      expect.arrayContaining([
        "POST /v1/webhooks",
        "PATCH /v1/webhooks/x_none",
        "PATCH /v1/notification-settings",
        "PATCH /v1/inquiries/x_none",
        "POST /v1/personal-data/erase",
      ]),
    );
    const send = (route: { method: string; path: string }, body: string, type = "application/json") =>
      call(route.path, {
        method: route.method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          "content-type": type,
          // The sign-in routes take no key: they check that the request comes from the dashboard's origin.
          ...(route.path.startsWith("/auth/") ? { origin: SELF_ORIGIN } : {}),
        },
        body,
      });
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      const form = await send(route, JSON.stringify({ disabled: true }), "text/plain");
      expect(form.status, name).toBe(415);
      expect(((await form.json()) as ErrorBody).error.fields).toEqual({
        "content-type": "must be application/json, got text/plain",
      });

      const big = await send(route, JSON.stringify({ description: "x".repeat(LIMITS.body) }));
      expect(big.status, name).toBe(413);
      expect(((await big.json()) as ErrorBody).error.code).toBe("payload_too_large");

      const broken = await send(route, "{");
      expect(broken.status, name).toBe(400);
      expect(((await broken.json()) as ErrorBody).error.code).toBe("invalid_json");

      const unknown = await send(route, JSON.stringify({ disable: true }));
      expect(unknown.status, name).toBe(400);
      const { error } = (await unknown.json()) as ErrorBody;
      expect(error.code, name).toBe("invalid_body");
      expect(error.fields.disable, name).toBe("is not recognised (check its spelling)");
    }
  });

  it('PATCH /v1/webhooks/:id with {"disable": true} changes nothing and says why', async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
    const created = await call("/v1/webhooks", {
      method: "POST",
      headers,
      body: JSON.stringify({ url: "https://hooks.example.com/a" }),
    });
    const hook = (await created.json()) as { id: string; updatedAt: string };
    const res = await call(`/v1/webhooks/${hook.id}`, { method: "PATCH", headers, body: '{"disable": true}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.fields).toEqual({
      disable: "is not recognised (check its spelling)",
    });
    const list = (await (await call("/v1/webhooks", { headers })).json()) as {
      data: { updatedAt: string; disabled: boolean }[];
    };
    expect(list.data).toMatchObject([{ disabled: false, updatedAt: hook.updatedAt }]);
  });
});
