import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER, addressBucket, clientIp, resolveClientIp, setClientIpHeader } from './client-ip';

describe('resolveClientIp', () => {
  const resolve = (trustedProxies: number, forwardedFor: string | string[] | undefined, remoteAddress = '10.0.0.9') =>
    resolveClientIp({ remoteAddress, forwardedFor, trustedProxies });

  it('without trusted proxies, is the socket address and ignores a (spoofable) X-Forwarded-For', () => {
    expect(resolve(0, '203.0.113.7')).toBe('10.0.0.9');
    expect(resolve(0, undefined)).toBe('10.0.0.9');
    expect(resolve(0, '203.0.113.7', '::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(resolve(0, undefined, '2001:DB8::1')).toBe('2001:db8::1');
    expect(resolveClientIp({ remoteAddress: undefined, forwardedFor: '203.0.113.7', trustedProxies: 0 })).toBe('unknown');
  });

  it('behind N proxies, is the N-th address from the right: what the client wrote on the left is ignored', () => {
    // One load balancer: it appended the client it saw; "1.1.1.1" is what the client sent.
    expect(resolve(1, '1.1.1.1, 203.0.113.7')).toBe('203.0.113.7');
    // A CDN, then a load balancer: the CDN appended the client, the load balancer the CDN.
    expect(resolve(2, '1.1.1.1, 203.0.113.7, 198.51.100.2')).toBe('203.0.113.7');
    expect(resolve(2, ['1.1.1.1, 203.0.113.7', '198.51.100.2'])).toBe('203.0.113.7');
  });

  it('reads addresses with ports and brackets, and falls back sensibly', () => {
    expect(resolve(1, '203.0.113.7:51234')).toBe('203.0.113.7');
    expect(resolve(1, '[2001:db8::5]:443')).toBe('2001:db8::5');
    expect(resolve(1, '::ffff:203.0.113.7')).toBe('203.0.113.7');
    // Fewer entries than proxies: the leftmost, the furthest any proxy saw.
    expect(resolve(3, '203.0.113.7, 198.51.100.2')).toBe('203.0.113.7');
    // No header, or an unreadable entry: the socket.
    expect(resolve(1, undefined)).toBe('10.0.0.9');
    expect(resolve(1, 'not-an-address')).toBe('10.0.0.9');
  });
});

describe('clientIp', () => {
  it("reads Gatehouse's header, and says unknown without it", () => {
    expect(clientIp(new Headers({ [CLIENT_IP_HEADER]: '203.0.113.7', 'x-forwarded-for': '1.1.1.1' }))).toBe('203.0.113.7');
    expect(clientIp(new Headers({ 'x-forwarded-for': '1.1.1.1' }))).toBe('unknown');
  });
});

describe('addressBucket', () => {
  it('is an IPv4 address itself, and the /64 of an IPv6 address', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('64:ff9b::203.0.113.7')).toBe('64:ff9b:0:0::/64');
    expect(addressBucket('2001:db8:1:3::1')).not.toBe(addressBucket('2001:db8:1:2::1'));
    expect(addressBucket('unknown')).toBe('unknown');
  });
});

describe("Gatehouse's server stamps the client address on every request (setClientIpHeader)", () => {
  let server: Server;
  let port: number;
  let trustedProxies = 0;
  beforeAll(async () => {
    // What lib/cli/server.ts does before Next.js sees the request; the handler echoes what a route would read.
    server = createServer((req, res) => {
      setClientIpHeader(req, trustedProxies);
      res.end(String(req.headers[CLIENT_IP_HEADER]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (headers: Record<string, string>) =>
    new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });

  it('overwrites a client-sent value and ignores X-Forwarded-For without trusted proxies', async () => {
    trustedProxies = 0;
    expect(await get({ [CLIENT_IP_HEADER]: '203.0.113.66', 'X-Forwarded-For': '203.0.113.77' })).toBe('127.0.0.1');
  });

  it('with one trusted proxy, takes the address it appended', async () => {
    trustedProxies = 1;
    expect(await get({ [CLIENT_IP_HEADER]: '203.0.113.66', 'X-Forwarded-For': '1.1.1.1, 203.0.113.77' })).toBe('203.0.113.77');
  });
});
