import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../api/errors';
import { fetchIdpMetadata } from './fetch-idp-metadata';

const METADATA = '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.test"/>';

type Route = (request: IncomingMessage, response: ServerResponse) => void;

const routes: Record<string, Route> = {
  '/metadata.xml': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(METADATA);
  },
  '/with-bom.xml': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/xml' }).end(`\uFEFF${METADATA}`);
  },
  '/missing': (_req, res) => {
    res.writeHead(404).end('nothing here');
  },
  '/broken': (_req, res) => {
    res.writeHead(500).end();
  },
  '/slow-headers': (_req, res) => {
    setTimeout(() => res.writeHead(200).end(METADATA), 2_000).unref();
  },
  '/slow-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.write('<md:EntityDescriptor');
    setTimeout(() => res.end(' />'), 2_000).unref();
  },
  '/huge-streamed': (_req, res) => {
    // No content-length: the cap must be enforced while reading.
    res.writeHead(200, { 'content-type': 'application/xml' });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const pump = () => {
      while (sent < 4 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  },
  '/huge-declared': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(2 * 1024 * 1024) });
    res.write('<x>');
    res.on('error', () => undefined);
  },
  '/just-over': (_req, res) => {
    res.writeHead(200).end('x'.repeat(1001));
  },
  '/html': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>Sign in</body></html>');
  },
  '/latin1': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/xml' }).end(Buffer.from([0x3c, 0x61, 0xe9, 0x3e]));
  },
  '/redirect/1': (_req, res) => res.writeHead(302, { location: '/redirect/2' }).end(),
  '/redirect/2': (_req, res) => res.writeHead(301, { location: `${base}/redirect/3` }).end(),
  '/redirect/3': (_req, res) => res.writeHead(307, { location: '/metadata.xml' }).end(),
  '/redirect/loop': (_req, res) => res.writeHead(302, { location: '/redirect/loop' }).end(),
  '/redirect/file': (_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
  '/redirect/credentials': (_req, res) => res.writeHead(302, { location: `http://user:pw@127.0.0.1:${port}/metadata.xml` }).end(),
  '/redirect/nowhere': (_req, res) => res.writeHead(302).end(),
};

let server: Server;
let port = 0;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') return error.message;
    throw error;
  }
  throw new Error('the fetch succeeded');
}

describe('fetchIdpMetadata', () => {
  it('returns the body of a 200 answer as text', async () => {
    await expect(fetchIdpMetadata(`${base}/metadata.xml`)).resolves.toBe(METADATA);
  });

  it('drops a byte-order mark', async () => {
    await expect(fetchIdpMetadata(`${base}/with-bom.xml`)).resolves.toBe(METADATA);
  });

  it('names the status of a non-2xx answer', async () => {
    expect(await failure(fetchIdpMetadata(`${base}/missing`))).toBe('The metadata URL answered 404 Not Found.');
    expect(await failure(fetchIdpMetadata(`${base}/broken`))).toBe('The metadata URL answered 500 Internal Server Error.');
  });

  it('times out when the answer does not come, or stalls halfway', async () => {
    const started = Date.now();
    expect(await failure(fetchIdpMetadata(`${base}/slow-headers`, { timeoutMs: 200 }))).toBe(
      'Fetching the metadata timed out after 0.2 s.',
    );
    expect(await failure(fetchIdpMetadata(`${base}/slow-body`, { timeoutMs: 200 }))).toBe('Fetching the metadata timed out after 0.2 s.');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('gives up after 10 s by default', async () => {
    const neverAnswers: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    vi.useFakeTimers();
    try {
      const pending = failure(fetchIdpMetadata('https://idp.test/metadata', { fetchImpl: neverAnswers }));
      await vi.advanceTimersByTimeAsync(9_999);
      let settled = false;
      void pending.finally(() => (settled = true));
      await Promise.resolve();
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await pending).toBe('Fetching the metadata timed out after 10 s.');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a body over the cap while it streams in, and a declared length over the cap', async () => {
    expect(await failure(fetchIdpMetadata(`${base}/huge-streamed`))).toBe('The metadata at that URL is larger than 1 MiB.');
    expect(await failure(fetchIdpMetadata(`${base}/huge-declared`))).toBe('The metadata at that URL is larger than 1 MiB.');
    expect(await failure(fetchIdpMetadata(`${base}/just-over`, { maxBytes: 1000 }))).toBe(
      'The metadata at that URL is larger than 1000 bytes.',
    );
    await expect(fetchIdpMetadata(`${base}/just-over`, { maxBytes: 1001 })).resolves.toHaveLength(1001);
  });

  it('follows up to 3 redirects, relative or absolute', async () => {
    await expect(fetchIdpMetadata(`${base}/redirect/1`)).resolves.toBe(METADATA);
  });

  it('refuses a fourth redirect', async () => {
    expect(await failure(fetchIdpMetadata(`${base}/redirect/loop`))).toBe('The metadata URL redirected more than 3 times.');
  });

  it('checks every redirect target like the first URL', async () => {
    expect(await failure(fetchIdpMetadata(`${base}/redirect/file`))).toBe(
      'The metadata URL redirected to a URL that is not an http(s) URL.',
    );
    expect(await failure(fetchIdpMetadata(`${base}/redirect/credentials`))).toBe(
      'The metadata URL redirected to a URL that must not contain a user name or password.',
    );
    expect(await failure(fetchIdpMetadata(`${base}/redirect/nowhere`))).toBe('The metadata URL answered 302 Found without a Location.');
  });

  it('refuses a redirect from https to http', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response(null, { status: 302, headers: { location: 'http://idp.test/metadata' } });
    };
    expect(await failure(fetchIdpMetadata('https://idp.test/metadata', { fetchImpl: fakeFetch }))).toBe(
      'The metadata URL redirected from https to http (http://idp.test/metadata); that is refused.',
    );
    expect(calls).toEqual(['https://idp.test/metadata']);
  });

  it.each([
    ['file:///etc/passwd', 'The metadata URL is not an http(s) URL.'],
    ['ftp://idp.test/metadata.xml', 'The metadata URL is not an http(s) URL.'],
    ['javascript:alert(1)', 'The metadata URL is not an http(s) URL.'],
    ['idp.test/metadata.xml', 'The metadata URL is not a valid URL.'],
    ['https://admin:secret@idp.test/metadata.xml', 'The metadata URL must not contain a user name or password.'],
  ])('refuses %s without fetching it', async (url, message) => {
    const fetchImpl: typeof fetch = async () => {
      throw new Error('must not be called');
    };
    expect(await failure(fetchIdpMetadata(url, { fetchImpl }))).toBe(message);
  });

  it('names the network error when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await failure(fetchIdpMetadata(`http://127.0.0.1:${closedPort}/metadata.xml`))).toBe(
      'The metadata URL could not be reached: ECONNREFUSED.',
    );
  });

  it('refuses an HTML page and a body that is not UTF-8', async () => {
    expect(await failure(fetchIdpMetadata(`${base}/html`))).toBe(
      'The metadata URL answered with an HTML page, not XML metadata (does it need a sign-in?).',
    );
    expect(await failure(fetchIdpMetadata(`${base}/latin1`))).toBe('The metadata at that URL is not UTF-8 text.');
  });
});
