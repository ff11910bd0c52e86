// The team API as the dashboard calls it: same-origin, the session cookie, the chosen site in the
// Hikiai-Site header, and every failure turned into one ApiError whose message names the field.

/** A failed call: the API's error envelope (code, message, field → reason), or a network failure. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server was not reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

let siteKey: string | undefined;
const unauthorizedListeners = new Set<() => void>();

/** The site every following call is about (the Hikiai-Site header). */
export function setApiSite(key: string | undefined) {
  siteKey = key;
}

/** Called whenever the API answers 401 (the session ended or was revoked): the shell signs out. */
export function onUnauthorized(listener: () => void) {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** "message (field: reason; field: reason)": what the API said, naming every field it named. */
function describe(message: string, fields: Record<string, string>) {
  const named = Object.entries(fields).map(([field, reason]) => `${field}: ${reason}`);
  return named.length ? `${message} (${named.join("; ")})` : message;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(options.query ?? {}))
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
  const headers: Record<string, string> = { accept: "application/json" };
  if (siteKey) headers["hikiai-site"] = siteKey;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, "network_error", "The server could not be reached. Check the connection and retry.");
  }
  if (res.status === 401) for (const listener of unauthorizedListeners) listener();
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string; fields?: Record<string, string> } })?.error;
    const fields = error?.fields ?? {};
    throw new ApiError(
      res.status,
      error?.code ?? "http_error",
      describe(error?.message ?? `${method} ${url.pathname}: HTTP ${res.status}`, fields),
      fields,
    );
  }
  return json as T;
}

/**
 * @example
 * const page = await api.get<InquiryPage>("/v1/inquiries", { query: { status: "new", limit: 50 } });
 * await api.patch(`/v1/inquiries/${id}`, { body: { status: "contacted" } });
 */
export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, options),
  post: <T>(path: string, options?: RequestOptions) => request<T>("POST", path, options),
  patch: <T>(path: string, options?: RequestOptions) => request<T>("PATCH", path, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>("DELETE", path, options),
};
