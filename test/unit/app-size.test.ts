import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { firstLoadFiles, gzipBytes } from "../../app/budget.ts";
import { APP_BUDGET } from "../../app/vite.config.ts";

// The dashboard as built (`npm run build`): what the first visit to /app downloads.
const dir = fileURLToPath(new URL("../../dist/app", import.meta.url));

function firstLoad() {
  if (!existsSync(`${dir}/index.html`)) throw new Error("dist/app has no index.html: run `npm run build` first");
  return firstLoadFiles(dir).map((name) => ({ name, code: readFileSync(`${dir}/${name}`) }));
}

describe("dashboard budget", () => {
  it(`the first load of /app (index.html, its JS and CSS) is at most ${APP_BUDGET} B gzip`, () => {
    const files = firstLoad();
    // An empty page would pass the budget without proving anything: the entry script and the
    // stylesheet must be among the counted files, and the entry must hold the inbox.
    expect(files.some((f) => f.name.endsWith(".css"))).toBe(true);
    const entry = files.find((f) => f.name.endsWith(".js") && f.code.includes("data-inbox-row"));
    expect(entry, "the inbox is not in the first load").toBeDefined();
    const total = files.reduce((sum, f) => sum + gzipBytes(f.code), 0);
    expect(total).toBeLessThanOrEqual(APP_BUDGET);
  });

  it("views other than the inbox are separate files, loaded when opened", () => {
    const first = firstLoad()
      .map((f) => f.code.toString("utf8"))
      .join("\n");
    // Each lazy view's module marks its root with data-view="<name>"; none is in the first load.
    // Minified JSX writes the attribute as "data-view":`inbox` (quotes vary by minifier).
    const marks = (view: string) => new RegExp(`data-view"?\\s*[:=]\\s*["'\`]${view}["'\`]`).test(first);
    expect(marks("inbox"), "the inbox is not in the first load").toBe(true);
    for (const view of ["kpi", "leads", "contacts", "person", "install", "settings"])
      expect(marks(view), `view ${view} is in the first load`).toBe(false);
    // The KPI view's forms panel rides in the KPI chunk, not in the first load.
    expect(first.includes("data-forms-panel"), "the forms panel is in the first load").toBe(false);
  });

  it("the settings sections only admins see are files of their own, apart from the settings view", () => {
    const section = (name: string) => new RegExp(`data-settings"?\\s*[:=]\\s*["'\`]${name}["'\`]`);
    const assets = readdirSync(`${dir}/assets`).filter((name) => name.endsWith(".js"));
    const holding = (name: string) =>
      assets.filter((file) => section(name).test(readFileSync(`${dir}/assets/${file}`, "utf8")));
    const [settings] = holding("members");
    expect(settings, "the settings view's file").toBeDefined();
    for (const name of ["autoreply", "mail-log"]) {
      const files = holding(name);
      expect(files, `section ${name}`).toHaveLength(1);
      expect(files[0]).not.toBe(settings);
      expect(firstLoadFiles(dir)).not.toContain(`assets/${files[0]}`);
    }
  });
});
