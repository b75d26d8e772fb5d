/**
 * Gatehouse's web server, spawned by lib/cli/start.ts (`npm start`, `npm run dev` with --dev): Next.js behind a plain
 * Node HTTP server (Next's documented custom server) that stamps every request with the client's address
 * (`x-gatehouse-client-ip`, lib/rate-limit/client-ip.ts) — the socket's remote address or, behind
 * GATEHOUSE_TRUSTED_PROXIES proxies, the address they recorded in X-Forwarded-For — before Next.js sees it. `next start`
 * itself keeps a client's own X-Forwarded-For, which per-address rate limits must not trust.
 * Run with `node --import tsx` (not the react-server condition: Next.js renders with both React builds).
 */
import { createServer } from 'node:http';
import next from 'next';
import { EnvError, getEnv } from '../env';
import { setClientIpHeader } from '../rate-limit/client-ip';

const STOP_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  const port = Number(process.env.PORT || 3000);
  const trustedProxies = getEnv().GATEHOUSE_TRUSTED_PROXIES;

  const server = createServer();
  const app = next({ dev, hostname: 'localhost', port, httpServer: server, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  server.on('request', (req, res) => {
    setClientIpHeader(req, trustedProxies);
    handle(req, res).catch((error: unknown) => {
      console.error('request failed', error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.listen(port, () => {
    const proxies =
      trustedProxies > 0
        ? `client addresses from X-Forwarded-For behind ${trustedProxies} trusted proxies`
        : 'client addresses from the socket';
    console.log(`Gatehouse listening on port ${port} (${dev ? 'development' : 'production'}; ${proxies}).`);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), STOP_TIMEOUT_MS).unref();
    server.close();
    server.closeIdleConnections();
    app.close().then(
      () => process.exit(signal === 'SIGINT' ? 130 : 143),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof EnvError
      ? error.message
      : `The web server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
