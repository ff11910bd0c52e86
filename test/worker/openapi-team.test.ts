import { describe, expect, it } from "vitest";
import { call } from "./helpers.ts";

interface Operation {
  security?: Record<string, string[]>[];
  description?: string;
  parameters: { name: string; in: string; description?: string }[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

const document = async () =>
  (await (await call("/v1/openapi.json")).json()) as { paths: Record<string, Record<string, Operation>> };

describe("OpenAPI: the query, follow-up and export endpoints", () => {
  it("describes the list filters, the write scope and 409 of PATCH, and CSV answers", async () => {
    const { paths } = await document();
    const list = paths["/v1/inquiries"]!.get!;
    for (const name of ["status", "kind", "from", "to", "resource", "utm_source", "utm_campaign", "q", "sort"])
      expect(list.parameters.find((p) => p.name === name && p.in === "query")?.description, name).toEqual(
        expect.any(String),
      );
    expect(paths["/v1/leads"]!.get!.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(["grade", "resource"]),
    );
    const patch = paths["/v1/inquiries/{id}"]!.patch!;
    expect(patch.security).toEqual([{ apiKey: ["write"] }, { session: [] }]);
    expect(patch.description).toContain("needs the member or admin role");
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "403", "404", "409"]));
    expect(paths["/v1/inquiries/{id}"]!.get!.security).toEqual([{ apiKey: ["read"] }, { session: [] }]);
    for (const path of ["/v1/export/inquiries.csv", "/v1/export/leads.csv"])
      expect(Object.keys(paths[path]!.get!.responses["200"]!.content!)).toEqual(["text/csv"]);
    expect(paths["/v1/contacts/{id}"]!.get!.responses).toHaveProperty("404");
  });
});
