// worker/db/schema.ts (Drizzle, what the team API's queries are typed against) mirrors the
// migrations by hand. This compares it with the database the migrations really build: every
// table, column (type, NOT NULL, primary key), index (columns, unique, partial) and every
// `CHECK (column IN (…))` list against the column's enum. A migration without its mirror in
// schema.ts, or the other way round, fails here.

import { env } from "cloudflare:workers";
import { Column, is, SQL } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as schema from "../../worker/db/schema.ts";

/** Tables the migrations make that Drizzle does not query, each with why. */
const NOT_IN_DRIZZLE: Record<string, string> = {
  search_pending: "the search index's queue, filled by triggers and read by db/search.ts in plain SQL",
};

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}
interface IndexInfo {
  name: string;
  unique: number;
  origin: string;
  partial: number;
}

const shape = (columns: string[], unique: boolean, partial: boolean) =>
  `(${columns.join(", ")})${unique ? " unique" : ""}${partial ? " where …" : ""}`;

/** An index column as Drizzle holds it: a column, or SQL around one (e.g. `created_at DESC`). */
function columnName(c: unknown): string {
  if (is(c, Column)) return c.name;
  if (is(c, SQL)) return c.queryChunks.find((chunk) => is(chunk, Column))?.name ?? "<expression>";
  return "<expression>";
}

const all = async <T>(sql: string) => (await env.DB.prepare(sql).all<T>()).results;

const drizzleTables = (Object.values(schema) as unknown[])
  .filter((value): value is SQLiteTable => is(value, SQLiteTable))
  .map((table) => getTableConfig(table));

async function databaseTables() {
  // Virtual tables (full-text search) and their shadow tables are SQLite's own layout.
  const rows = await all<{ name: string; sql: string }>(
    `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
       AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'`,
  );
  const virtual = await all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
  );
  const shadow = (name: string) => virtual.some((v) => name.startsWith(`${v.name}_`));
  return rows.filter((row) => !shadow(row.name));
}

describe("worker/db/schema.ts matches the migrated database", () => {
  it("has every table of the migrations, and no table they do not make", async () => {
    const inDatabase = (await databaseTables()).map((t) => t.name).filter((name) => !(name in NOT_IN_DRIZZLE));
    expect(drizzleTables.map((t) => t.name).sort()).toEqual(inDatabase.sort());
  });

  for (const table of drizzleTables) {
    it(`${table.name}: the same columns, types, NOT NULL and primary key`, async () => {
      const columns = await all<ColumnInfo>(`PRAGMA table_info("${table.name}")`);
      const compositeKey = table.primaryKeys[0]?.columns.map((c) => c.name) ?? [];
      const describe = (c: { name: string; type: string; notNull: boolean; primary: boolean }) =>
        // SQLite lets a TEXT primary key hold NULL unless declared NOT NULL; Drizzle always says
        // NOT NULL for a key, so NOT NULL is compared for the other columns only.
        `${c.name} ${c.type.toLowerCase()}${c.primary ? " primary key" : c.notNull ? " not null" : ""}`;
      expect(
        columns
          .map((c) => describe({ name: c.name, type: c.type, notNull: c.notnull === 1, primary: c.pk > 0 }))
          .sort(),
      ).toEqual(
        table.columns
          .map((c) =>
            describe({
              name: c.name,
              type: c.getSQLType(),
              notNull: c.notNull,
              primary: c.primary || compositeKey.includes(c.name),
            }),
          )
          .sort(),
      );
    });

    it(`${table.name}: the same indexes (columns, unique, partial; names of CREATE INDEX)`, async () => {
      // origin "c": CREATE INDEX; "u": a UNIQUE constraint of the table (SQLite names it itself).
      const indexes = (await all<IndexInfo>(`PRAGMA index_list("${table.name}")`)).filter((i) => i.origin !== "pk");
      const inDatabase = await Promise.all(
        indexes.map(async (i) => {
          const columns = await all<{ name: string | null }>(`PRAGMA index_info("${i.name}")`);
          return shape(
            columns.map((c) => c.name ?? "<expression>"),
            i.unique === 1,
            i.partial === 1,
          );
        }),
      );
      const inDrizzle = [
        ...table.indexes.map(({ config }) =>
          shape(config.columns.map(columnName), Boolean(config.unique), Boolean(config.where)),
        ),
        // UNIQUE on a column, or a table's UNIQUE constraint.
        ...table.columns.filter((c) => c.isUnique).map((c) => shape([c.name], true, false)),
        ...table.uniqueConstraints.map((u) =>
          shape(
            u.columns.map((c) => c.name),
            true,
            false,
          ),
        ),
      ];
      expect(inDrizzle.sort()).toEqual(inDatabase.sort());
      const drizzleNames = table.indexes.map(({ config }) => config.name);
      for (const created of indexes.filter((i) => i.origin === "c")) expect(drizzleNames).toContain(created.name);
    });
  }

  it("every CHECK (column IN (…)) of the migrations is the enum of that column in schema.ts", async () => {
    const mismatches: string[] = [];
    for (const { name, sql } of await databaseTables()) {
      if (name in NOT_IN_DRIZZLE) continue;
      const table = drizzleTables.find((t) => t.name === name);
      for (const [, column, list] of sql.matchAll(/CHECK\s*\(\s*(\w+)\s+IN\s*\(([^)]*)\)\s*\)/gi)) {
        const allowed = [...list!.matchAll(/'([^']*)'/g)].map((m) => m[1]).sort();
        const enumValues = (table?.columns.find((c) => c.name === column)?.enumValues ?? []).slice().sort();
        if (JSON.stringify(enumValues) !== JSON.stringify(allowed)) {
          mismatches.push(
            `${name}.${column}: CHECK allows ${allowed.join(", ")}; schema.ts has [${enumValues.join(", ")}]`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
