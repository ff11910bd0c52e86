import type { ViewProps } from "../lib/types.ts";
import { Placeholder } from "./placeholder.tsx";

// To be filled (the contract: app/views/registry.ts, docs/dashboard.md).
export default function View(props: ViewProps) {
  return <Placeholder {...props} name="contacts" ja="コンタクト" en="Contacts" />;
}
