/**
 * Why a URL may not be linked to or loaded, or null when it is an absolute http(s) URL without
 * credentials. Shared by validation (server) and rendering (browser), so a row written by other
 * means still never reaches an `href` or `src` with another scheme.
 */
export function httpUrlProblem(value: string): string | null {
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return 'The URL must not contain spaces or control characters.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter an absolute URL starting with https:// or http://.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `Only https:// and http:// URLs are allowed (${url.protocol} is refused).`;
  }
  if (url.username || url.password) return 'The URL must not contain a user name or password.';
  return null;
}

export function isSafeHttpUrl(value: string | null | undefined): value is string {
  return typeof value === 'string' && httpUrlProblem(value) === null;
}
