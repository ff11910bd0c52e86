// The generated document against the official OpenAPI 3.1 schema (and the JSON Schema 2020-12
// dialect of every schema inside it), built from the real app's routes in Node.
import { Validator } from "@seriousme/openapi-schema-validator";
import { expect, it } from "vitest";
import app from "../../worker/index.ts";

it("GET /v1/openapi.json is a valid OpenAPI 3.1 document", async () => {
  const res = await app.request("/v1/openapi.json");
  expect(res.status).toBe(200);
  const document = await res.json();
  const validator = new Validator();
  const result = await validator.validate(document as Parameters<Validator["validate"]>[0]);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe("3.1");
});
