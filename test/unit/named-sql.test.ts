import { describe, expect, it } from "vitest";
import { namedSql } from "../../worker/db/named-sql.ts";

// What the helper hands D1: a recording stand-in for prepare().bind() (the statements themselves
// run against real D1 in test/worker/collect*.test.ts).
function recordingDb() {
  const calls: { sql: string; values: unknown[] }[] = [];
  const db = {
    prepare: (sql: string) => ({
      bind: (...values: unknown[]) => {
        calls.push({ sql, values });
        return {};
      },
    }),
  } as unknown as D1Database;
  return { db, calls };
}

describe("namedSql: named parameters in, D1's numbered ones out", () => {
  it("numbers names by first appearance, one number per name however often it appears", () => {
    const q = namedSql<{ site: string; email: string; now: number }>(`
      SELECT :now, id FROM contacts
      WHERE site_id = :site AND email = :email AND created_at < :now`);
    expect(q.sql).toBe("SELECT ?1, id FROM contacts WHERE site_id = ?2 AND email = ?3 AND created_at < ?1");
    expect(q.names).toEqual(["now", "site", "email"]);
  });

  it("binds values from an object in number order, null included", () => {
    const q = namedSql<{ a: string; b: string | null }>("SELECT :b, :a, :b");
    const { db, calls } = recordingDb();
    q.bind(db, { a: "x", b: null });
    expect(calls).toEqual([{ sql: "SELECT ?1, ?2, ?1", values: [null, "x"] }]);
  });

  it("throws for a name the object has no value for, naming it", () => {
    const q = namedSql<{ a?: string }>("SELECT :a");
    expect(() => q.bind(recordingDb().db, {})).toThrow(":a");
  });

  it("leaves colons that start no name alone", () => {
    const q = namedSql<{ t: string }>("SELECT '12:30', x::y, :t");
    expect(q.sql).toBe("SELECT '12:30', x::y, ?1");
  });
});
