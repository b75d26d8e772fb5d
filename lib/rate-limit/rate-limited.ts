import { AppError } from '../api/errors';

/** A refused event: what to tell the person and when to try again. */
export type RateLimitRefusal = { allowed: false; retryAfterSeconds: number; message: string };

function inMinutes(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function tooManySignInAttempts(retryAfterSeconds: number): string {
  return `Too many sign-in attempts. Try again in ${inMinutes(retryAfterSeconds)}.`;
}

export function tooManyRequests(retryAfterSeconds: number): string {
  return `Too many requests. Try again in ${inMinutes(retryAfterSeconds)}.`;
}

/** The one error model's 429 (`rate_limited`), carrying when to retry; `retryAfterHeaders` turns it into the header. */
export class RateLimitedError extends AppError {
  override name = 'RateLimitedError';
  constructor(
    readonly retryAfterSeconds: number,
    message = tooManyRequests(retryAfterSeconds),
  ) {
    super('rate_limited', message, { retryAfterSeconds });
  }
}

/** `Retry-After` for a RateLimitedError, nothing for any other error: spread it into an error response's headers. */
export function retryAfterHeaders(error: unknown): Record<string, string> {
  return error instanceof RateLimitedError ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
}

/** 429 for JSON routes: `{ error: { code: 'rate_limited', message } }` with Retry-After. */
export function rateLimitedJsonResponse(refusal: RateLimitRefusal): Response {
  return Response.json(
    { error: { code: 'rate_limited', message: refusal.message } },
    { status: 429, headers: { 'Retry-After': String(refusal.retryAfterSeconds), 'Cache-Control': 'no-store' } },
  );
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** 429 for routes a browser navigates to (login start, ACS): a plain page with the message and a way back. */
export function rateLimitedPageResponse(refusal: RateLimitRefusal, back: { href: string; label: string }): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Too many sign-in attempts · Gatehouse</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#0f172a">
<main><h1 style="font-size:1.25rem">Too many sign-in attempts</h1>
<p role="alert">${escapeHtml(refusal.message)}</p>
<p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></p></main>
</body></html>`;
  return new Response(html, {
    status: 429,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(refusal.retryAfterSeconds), 'Cache-Control': 'no-store' },
  });
}
