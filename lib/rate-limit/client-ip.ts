import { isIP } from 'node:net';

/**
 * The client's address as Gatehouse's own server (lib/cli/server.ts) determined it. The server sets this header on
 * every request, replacing whatever the client sent, so unlike X-Forwarded-For (which `next start` keeps as sent)
 * it cannot be forged. No server-only import: the server process runs without the react-server condition.
 */
export const CLIENT_IP_HEADER = 'x-gatehouse-client-ip';

/** What `clientIp` answers when the request did not pass through Gatehouse's server (all such requests share it). */
export const UNKNOWN_CLIENT_IP = 'unknown';

/** A bare address: without the brackets and port a proxy may write, the zone of a link-local address, or `::ffff:`. */
function plainAddress(value: string): string | null {
  let address = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1] ?? '';
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1] ?? '';
  return isIP(address) ? address.toLowerCase() : null;
}

/**
 * The client of a request from the socket's remote address and X-Forwarded-For. Without trusted proxies the socket
 * is the client and X-Forwarded-For is ignored (anyone can send one). Behind N proxies, each appending the address it
 * received the request from, the N-th entry from the right was written by the outermost proxy: everything left of it
 * came from the client. With fewer entries than proxies (a request that skipped the outer ones) the leftmost entry is
 * the furthest any proxy saw; an unreadable entry falls back to the socket.
 */
export function resolveClientIp(request: {
  remoteAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustedProxies: number;
}): string {
  const socket = (request.remoteAddress && plainAddress(request.remoteAddress)) ?? UNKNOWN_CLIENT_IP;
  if (request.trustedProxies <= 0) return socket;
  const header = Array.isArray(request.forwardedFor) ? request.forwardedFor.join(',') : (request.forwardedFor ?? '');
  const hops = header
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (hops.length === 0) return socket;
  const entry = hops[Math.max(0, hops.length - request.trustedProxies)] ?? '';
  return plainAddress(entry) ?? socket;
}

/**
 * Gatehouse's server calls this on every request before Next.js sees it: the client header is always overwritten,
 * so a value the client sent itself never gets through.
 */
export function setClientIpHeader(
  request: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string | undefined } },
  trustedProxies: number,
): void {
  request.headers[CLIENT_IP_HEADER] = resolveClientIp({
    remoteAddress: request.socket.remoteAddress,
    forwardedFor: request.headers['x-forwarded-for'],
    trustedProxies,
  });
}

/** The client's address, for route handlers and server actions (`clientIp(await headers())` or `clientIp(req.headers)`). */
export function clientIp(headers: Pick<Headers, 'get'>): string {
  return headers.get(CLIENT_IP_HEADER) || UNKNOWN_CLIENT_IP;
}

function expandIpv6(address: string): number[] {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => parseInt(group, 16));
}

/**
 * The unit a per-address limit counts: an IPv4 address, or the /64 network of an IPv6 address (one subscriber or
 * host usually has a whole /64, so counting single IPv6 addresses would give it billions of budgets).
 */
export function addressBucket(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const groups = expandIpv6(ip).slice(0, 4);
  return `${groups.map((group) => group.toString(16)).join(':')}::/64`;
}
