// What the shell hands every view, and the session's shape (GET /v1/me).
import type { Lang, T } from "./i18n.ts";
import type { Navigate, Query, Route } from "./router.ts";

export type Role = "viewer" | "member" | "admin";

/** A site the signed-in member belongs to, with their role there. */
export interface SiteOfMe {
  siteKey: string;
  name: string;
  role: Role;
  /** IANA zone: every date on screen is in it. */
  timeZone: string;
}

/** GET /v1/me. */
export interface Me {
  member: { id: string; email: string; name: string | null };
  sites: SiteOfMe[];
  session: { via: "link" | "access"; expiresAt: string };
}

/**
 * The props of every view (app/views/<name>.tsx, default export). The API client already sends
 * `site`'s key; `query` is the URL's query (the view's filters): change it with `navigate`.
 */
export interface ViewProps {
  site: SiteOfMe;
  me: Me;
  route: Route;
  query: Query;
  params: Record<string, string>;
  navigate: Navigate;
  t: T;
  lang: Lang;
}

/** Whether `role` may change follow-up (status, assignee, note); the API enforces the same. */
export const canFollowUp = (role: Role) => role !== "viewer";
