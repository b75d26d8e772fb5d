/** Client-side JSON calls to our own routes, reading the `{ error: { code, message, fields } }` model. */
export type JsonResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string; fields: Record<string, string> };

export async function requestJson<T = unknown>(method: string, url: string, body?: unknown): Promise<JsonResult<T>> {
  try {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return { ok: true, data: undefined as T };
    const payload: unknown = await res.json().catch(() => null);
    if (res.ok) return { ok: true, data: payload as T };
    const error = (payload as { error?: { message?: string; fields?: Record<string, string> } } | null)?.error;
    return { ok: false, status: res.status, message: error?.message ?? `Request failed (${res.status})`, fields: error?.fields ?? {} };
  } catch {
    return { ok: false, status: 0, message: 'Gatehouse could not be reached. Check your connection and try again.', fields: {} };
  }
}

export const postJson = <T = unknown>(url: string, body: unknown) => requestJson<T>('POST', url, body);
