import { STATUS_CODES } from 'node:http';
import { AppError } from '../api/errors';
import { formatByteSize } from '../xml/format-byte-size';

export type FetchIdpMetadataOptions = {
  /** For the whole exchange, redirects and body included; default 10 s. */
  timeoutMs?: number;
  /** Body size cap; default 1 MiB. */
  maxBytes?: number;
  fetchImpl?: typeof fetch;
};

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;

/**
 * Downloads IdP metadata from an admin-given http(s) URL and returns it as text (parse it with
 * `parseIdpMetadata`). Redirects are followed by hand (at most 3) so each target is checked like the first URL.
 *
 * Not done here: refusing private or loopback addresses. Only admins give these URLs.
 *
 * @throws {AppError} validation_failed with a message naming what went wrong.
 */
export async function fetchIdpMetadata(url: string, options: FetchIdpMetadataOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const fetchImpl = options.fetchImpl ?? fetch;

  let target = checkUrl(url, 'The metadata URL');
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const timeoutError = () => invalid(`Fetching the metadata timed out after ${formatSeconds(timeoutMs)}.`);

  try {
    for (let redirects = 0; ; redirects += 1) {
      let response: Response;
      try {
        response = await fetchImpl(target, {
          method: 'GET',
          redirect: 'manual',
          signal: controller.signal,
          headers: { accept: 'application/samlmetadata+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1' },
        });
      } catch (error) {
        if (timedOut) throw timeoutError();
        throw invalid(`The metadata URL could not be reached: ${networkProblem(error)}.`);
      }

      if (isRedirect(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (location === null) throw invalid(`The metadata URL answered ${statusLine(response)} without a Location.`);
        if (redirects >= MAX_REDIRECTS) throw invalid(`The metadata URL redirected more than ${MAX_REDIRECTS} times.`);
        const next = checkUrl(resolve(location, target), 'The metadata URL redirected to a URL that');
        // The metadata carries the keys we will trust: do not let a redirect take it off TLS.
        if (target.protocol === 'https:' && next.protocol === 'http:') {
          throw invalid(`The metadata URL redirected from https to http (${next.href}); that is refused.`);
        }
        target = next;
        continue;
      }

      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel().catch(() => undefined);
        throw invalid(`The metadata URL answered ${statusLine(response)}.`);
      }
      const contentType = response.headers.get('content-type') ?? '';
      if (/^\s*text\/html\b/i.test(contentType)) {
        await response.body?.cancel().catch(() => undefined);
        throw invalid('The metadata URL answered with an HTML page, not XML metadata (does it need a sign-in?).');
      }
      try {
        return await readBody(response, maxBytes, controller);
      } catch (error) {
        if (timedOut) throw timeoutError();
        if (error instanceof AppError) throw error;
        throw invalid(`The metadata could not be read to the end: ${networkProblem(error)}.`);
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

function invalid(message: string): AppError {
  return new AppError('validation_failed', message);
}

/** `subject` starts the messages: "The metadata URL is not…", "The metadata URL redirected to a URL that is not…". */
function checkUrl(value: string, subject: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalid(`${subject} is not a valid URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalid(`${subject} is not an http(s) URL.`);
  if (parsed.username !== '' || parsed.password !== '') throw invalid(`${subject} must not contain a user name or password.`);
  return parsed;
}

function resolve(location: string, base: URL): string {
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function statusLine(response: Response): string {
  const text = response.statusText || STATUS_CODES[response.status] || '';
  return `${response.status}${text ? ` ${text}` : ''}`;
}

/** The system error code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…) that undici hides in `cause`. */
function networkProblem(error: unknown): string {
  for (let current: unknown = error, hops = 0; current instanceof Error && hops < 5; hops += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const nested = current instanceof AggregateError ? (current.errors as unknown[])[0] : undefined;
    current = nested ?? current.cause;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/** Reads the body as it streams in, giving up as soon as it passes the cap. */
async function readBody(response: Response, maxBytes: number, controller: AbortController): Promise<string> {
  const tooLarge = () => invalid(`The metadata at that URL is larger than ${formatByteSize(maxBytes)}.`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    controller.abort();
    throw tooLarge();
  }
  if (response.body === null) return '';

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      controller.abort();
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    // `fatal` refuses invalid UTF-8 rather than guessing; a leading BOM is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw invalid('The metadata at that URL is not UTF-8 text.');
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
