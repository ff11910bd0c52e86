import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { T } from "../lib/i18n.ts";
import type { ViewProps } from "../lib/types.ts";
import { LAZY_VIEWS, type LazyViewName } from "../views/registry.ts";
import { ErrorBox, Loading } from "./states.tsx";

// biome-ignore lint/suspicious/noExplicitAny: one cache for modules whose props differ.
type Loader = () => Promise<{ default: ComponentType<any> }>;
// biome-ignore lint/suspicious/noExplicitAny: see Loader.
const loaded = new Map<Loader, ComponentType<any>>();

/**
 * A component imported on first use (kept afterwards), with loading and failure states: a view,
 * or a part of one that only some members see. `load` must be the same function every render.
 */
export function Lazy<P extends object>({
  load,
  props,
  t,
}: {
  load: () => Promise<{ default: ComponentType<P> }>;
  props: P;
  t: T;
}) {
  const [, setReady] = useState(0);
  const [failed, setFailed] = useState<Error>();
  const Component = loaded.get(load) as ComponentType<P> | undefined;
  useEffect(() => {
    if (loaded.has(load)) return;
    let live = true;
    setFailed(undefined);
    load()
      .then((module) => {
        loaded.set(load, module.default);
        if (live) setReady((n) => n + 1);
      })
      .catch(() => {
        // Usually a deploy replaced the hashed chunk this page still names: a reload fixes it.
        if (live) setFailed(new Error(t("state.chunk")));
      });
    return () => {
      live = false;
    };
  }, [load]);
  if (Component) return <Component {...props} />;
  if (failed) return <ErrorBox t={t} error={failed} retry={() => location.reload()} />;
  return <Loading t={t} />;
}

/** A view from LAZY_VIEWS. */
export function LazyView({ name, props }: { name: LazyViewName; props: ViewProps }) {
  return <Lazy load={LAZY_VIEWS[name]} props={props} t={props.t} />;
}
