import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { ViewProps } from "../lib/types.ts";
import { LAZY_VIEWS, type LazyViewName } from "../views/registry.ts";
import { ErrorBox, Loading } from "./states.tsx";

const loaded = new Map<LazyViewName, ComponentType<ViewProps>>();

/** A view from LAZY_VIEWS: imported on first use (kept afterwards), with loading and failure states. */
export function LazyView({ name, props }: { name: LazyViewName; props: ViewProps }) {
  const [, setReady] = useState(0);
  const [failed, setFailed] = useState<Error>();
  const View = loaded.get(name);
  useEffect(() => {
    if (loaded.has(name)) return;
    let live = true;
    setFailed(undefined);
    LAZY_VIEWS[name]()
      .then((module) => {
        loaded.set(name, module.default);
        if (live) setReady((n) => n + 1);
      })
      .catch(() => {
        // Usually a deploy replaced the hashed chunk this page still names: a reload fixes it.
        if (live) setFailed(new Error(props.t("state.chunk")));
      });
    return () => {
      live = false;
    };
  }, [name]);
  if (View) return <View {...props} />;
  if (failed) return <ErrorBox t={props.t} error={failed} retry={() => location.reload()} />;
  return <Loading t={props.t} />;
}
