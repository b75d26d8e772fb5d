/**
 * A same-origin path to return to after sign-in, or the fallback. Refuses absolute URLs,
 * protocol-relative (`//evil`), backslash tricks (`/\evil`) and control characters.
 */
export function safeReturnPath(value: string | null | undefined, fallback: string): string {
  if (!value || value.length > 2048) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, 'http://gatehouse.invalid');
    if (url.origin !== 'http://gatehouse.invalid') return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
