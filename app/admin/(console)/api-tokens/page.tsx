import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiTokensPanel } from '@/components/api-tokens/api-tokens-panel';
import { PageHeader } from '@/components/ui/page-header';
import { listApiTokens } from '@/lib/api/api-tokens';
import { requireAdminPage } from '@/lib/auth/session';
import { roleAllows } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'API Tokens' };

const iso = (date: Date | null) => date?.toISOString() ?? null;

export default async function ApiTokensPage() {
  const admin = await requireAdminPage('read', '/admin/api-tokens');
  const tokens = await listApiTokens(getDb());
  return (
    <>
      <PageHeader
        title="API Tokens"
        description={
          <>
            Tokens let scripts and tools call the admin API (<code>Authorization: Bearer &lt;token&gt;</code>). See the{' '}
            <Link href="/admin/api-reference" className="font-medium text-brand-700 hover:underline">
              API reference
            </Link>
            .
          </>
        }
      />
      <ApiTokensPanel
        tokens={tokens.map((t) => ({
          ...t,
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: iso(t.lastUsedAt),
          revokedAt: iso(t.revokedAt),
        }))}
        canWrite={roleAllows(admin.role, 'write')}
        bootstrapTokenSet={Boolean(getEnv().GATEHOUSE_API_TOKEN)}
      />
    </>
  );
}
