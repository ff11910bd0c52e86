// CSV buttons: the export endpoints answer a file, not JSON, so this asks for it with the
// session cookie and the site header, then hands the browser a Blob to save.

/** Downloads `path?query` as `filename`; resolves with an error message when it could not. */
export async function downloadCsv(
  siteKey: string,
  path: string,
  query: Record<string, string>,
  filename: string,
): Promise<string | null> {
  let res: Response;
  try {
    res = await fetch(`${path}?${new URLSearchParams(query)}`, {
      headers: { "hikiai-site": siteKey, accept: "text/csv" },
      credentials: "same-origin",
    });
  } catch {
    return "network";
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return body?.error?.message ?? `HTTP ${res.status}`;
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started from the object URL; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}
