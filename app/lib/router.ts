// A router over the History API: the path picks the view, the query holds its filters (so a
// link can be shared and Back returns to the previous filters). No library: five patterns.
import { useEffect, useState } from "preact/hooks";

/** The dashboard's views. "inbox" is in the entry bundle; the others load on demand. */
export type ViewName = "inbox" | "kpi" | "leads" | "contacts" | "person" | "install" | "settings";

/** Query parameters, one value each (lists are comma-separated, as the API accepts them). */
export type Query = Record<string, string>;

export interface Route {
  /** null: a path under /app that is no view. */
  view: ViewName | null;
  /** Path parameters, e.g. `{ id }` of /app/contacts/:id. */
  params: Record<string, string>;
  query: Query;
  path: string;
}

const PATTERNS: [RegExp, ViewName][] = [
  [/^\/app\/?$/, "inbox"],
  [/^\/app\/inbox\/?$/, "inbox"],
  [/^\/app\/kpi\/?$/, "kpi"],
  [/^\/app\/leads\/?$/, "leads"],
  [/^\/app\/contacts\/?$/, "contacts"],
  [/^\/app\/contacts\/(?<id>[^/]+)\/?$/, "person"],
  [/^\/app\/install\/?$/, "install"],
  [/^\/app\/settings\/?$/, "settings"],
];

/** The route of a URL (pathname + search). */
export function parseRoute(url: { pathname: string; search: string }): Route {
  const query: Query = {};
  for (const [key, value] of new URLSearchParams(url.search)) if (value !== "") query[key] = value;
  for (const [pattern, view] of PATTERNS) {
    const m = pattern.exec(url.pathname);
    if (m) {
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v);
      return { view, params, query, path: url.pathname };
    }
  }
  return { view: null, params: {}, query, path: url.pathname };
}

/** `path` with `query` (empty and undefined values left out), e.g. href("/app/inbox", { status: "new" }). */
export function href(path: string, query: Record<string, string | undefined | null> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
  const s = search.toString();
  return s ? `${path}?${s}` : path;
}

export interface NavigateOptions {
  /** Replace the current history entry (e.g. typing in a search box) instead of adding one. */
  replace?: boolean;
}

export type Navigate = (
  path: string,
  query?: Record<string, string | undefined | null>,
  options?: NavigateOptions,
) => void;

const listeners = new Set<() => void>();

function go(url: string, replace = false) {
  if (url === location.pathname + location.search) return;
  history[replace ? "replaceState" : "pushState"](null, "", url);
  for (const listener of listeners) listener();
}

/** Goes to `path?query` without reloading; views re-render from the new route. */
export const navigate: Navigate = (path, query, options) => go(href(path, query), options?.replace);

/** The current route; re-renders on navigate() and on Back/Forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location));
    listeners.add(update);
    addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", update);
    };
  }, []);
  return route;
}

/**
 * Click handler for in-app links (`<a href onClick={follow}>`): navigates without a reload, but
 * leaves modified clicks (new tab, new window) and other origins to the browser.
 */
export function follow(event: MouseEvent) {
  const a = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  if (a.origin !== location.origin || !a.pathname.startsWith("/app")) return;
  event.preventDefault();
  go(a.pathname + a.search);
}
