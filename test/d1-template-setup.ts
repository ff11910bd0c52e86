// Global setup of the scripts and browser projects: one local D1 migrated by wrangler for the
// whole run, which each test file's fresh database copies (scripts/local-d1.ts migrateLocalD1)
// instead of applying every migration again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateLocalD1 } from "../scripts/local-d1.ts";

export default function setup() {
  // Both projects list this file; the first one's template serves the run.
  if (process.env.HIKIAI_D1_TEMPLATE) return;
  const template = mkdtempSync(join(tmpdir(), "hikiai-d1-template-"));
  migrateLocalD1(template);
  process.env.HIKIAI_D1_TEMPLATE = template;
  return () => {
    rmSync(template, { recursive: true, force: true });
    delete process.env.HIKIAI_D1_TEMPLATE;
  };
}
