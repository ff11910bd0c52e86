// Views beyond the inbox, each loaded (dynamic import) when first opened. To add or fill a view:
// app/views/<name>.tsx with a default export `(props: ViewProps) => JSX`, its root element marked
// data-view="<name>" (test/unit/app-size.test.ts checks none of them is in the first load), and its
// words in the file (viewWords from lib/i18n.ts). Its path is in lib/router.ts's PATTERNS.
import type { ComponentType } from "preact";
import type { ViewName } from "../lib/router.ts";
import type { ViewProps } from "../lib/types.ts";

export type LazyViewName = Exclude<ViewName, "inbox">;
type ViewModule = { default: ComponentType<ViewProps> };

export const LAZY_VIEWS: Record<LazyViewName, () => Promise<ViewModule>> = {
  kpi: () => import("./kpi.tsx"),
  leads: () => import("./leads.tsx"),
  contacts: () => import("./contacts.tsx"),
  person: () => import("./person.tsx"),
  install: () => import("./install.tsx"),
  settings: () => import("./settings.tsx"),
};
