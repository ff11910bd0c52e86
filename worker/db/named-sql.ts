/**
 * SQL written with named parameters (`:site`), which D1 does not bind: turned once, when the
 * module that writes it loads (once per isolate), into SQLite's numbered form (`?1`, each name
 * one number however often it appears, so every value crosses to D1 once), and bound from an
 * object. The text's runs of white space are squeezed too: it travels with every batch.
 *
 * @example
 * const FIND = namedSql<{ site: string; email: string }>("SELECT id FROM contacts WHERE site_id = :site AND email = :email");
 * FIND.bind(db, { site, email }); // "… site_id = ?1 AND email = ?2", bound (site, email)
 */
export function namedSql<P extends object>(text: string) {
  const names: string[] = [];
  // A name after a lone colon: not `::` (no such cast in SQLite, but never a parameter either).
  const sql = squeeze(text).replace(/(?<![\w:]):([A-Za-z_]\w*)/g, (_, name: string) => {
    const known = names.indexOf(name);
    return `?${known < 0 ? names.push(name) : known + 1}`;
  });
  return {
    /** The numbered SQL, as D1 receives it. */
    sql,
    /** The parameter names in number order (`names[0]` is ?1). */
    names: names as readonly string[],
    /** The statement bound from `params`; a name without a value (undefined) is a bug and throws. */
    bind(db: D1Database, params: P): D1PreparedStatement {
      const values = names.map((name) => {
        const value = (params as Record<string, unknown>)[name];
        if (value === undefined) throw new Error(`SQL parameter :${name} has no value`);
        return value;
      });
      return db.prepare(sql).bind(...values);
    },
  };
}

/** SQL text with its runs of white space squeezed. */
export const squeeze = (sql: string) => sql.replace(/\s+/g, " ").trim();
