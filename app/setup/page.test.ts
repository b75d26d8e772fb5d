import { describe, expect, it, vi } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ReactElement } from 'react';
import { CLIENT_IP_HEADER } from '@/lib/rate-limit/client-ip';
import { TEST_PROVIDERS } from '@/lib/testing/databases';
import { useRouteModule } from '@/lib/testing/route-test-env';
import { useTestDatabase } from '@/lib/testing/use-test-database';

const request = vi.hoisted(() => ({ ip: '' }));
vi.mock('next/headers', () => ({ headers: () => Promise.resolve(new Headers({ [CLIENT_IP_HEADER]: request.ip })) }));

describe.each(TEST_PROVIDERS)('the setup page’s rate limit on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  const mod = useRouteModule(ctx, { GATEHOUSE_RATE_LIMITS: 'setup.ip=2/15m' }, () => import('./page'));
  const view = async (ip: string, token: string) => {
    request.ip = ip;
    return renderToStaticMarkup((await mod.route.default({ searchParams: Promise.resolve({ token }) })) as ReactElement);
  };

  it('shows invalid links until the address has used up its failures, then a plain message', async () => {
    expect(await view('203.0.113.60', 'guess-1')).toContain('This setup link is invalid or has expired.');
    expect(await view('203.0.113.60', 'guess-2')).toContain('This setup link is invalid or has expired.');
    const refused = await view('203.0.113.60', 'guess-3');
    expect(refused).toContain('Too many sign-in attempts. Try again in 15 minutes.');
    expect(refused).not.toContain('invalid or has expired');
    expect(await view('203.0.113.61', 'guess-4')).toContain('This setup link is invalid or has expired.');
  });
});
