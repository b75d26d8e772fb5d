import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { AuditEventTable } from '@/components/audit/audit-event-table';
import { LocalUserControls } from '@/components/users/local-user-controls';
import { UserStatusBadge, formatUserTime } from '@/components/users/user-table';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';
import { AppError } from '@/lib/api/errors';
import { roleAllows } from '@/lib/auth/roles';
import { requireAdminPage } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { listIdentityProviders } from '@/lib/idp/get-identity-provider';
import { AUDIT_TRAIL_LIMIT, SIGN_IN_HISTORY_LIMIT, getUser, type UserView } from '@/lib/users/get-user';

export const metadata: Metadata = { title: 'User' };

type Props = { params: Promise<{ id: string }> };

/** A JIT user is read-only, managed by its IdP (PRODUCT.md rule 14); a local user can be edited and deleted by super admins. */
export default async function UserPage({ params }: Props) {
  const { id } = await params;
  const admin = await requireAdminPage('read', `/admin/users/${id}`);
  const db = getDb();
  let user: UserView;
  try {
    user = await getUser(db, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
  const idpNames = Object.fromEntries((await listIdentityProviders(db)).map((idp) => [idp.id, idp.name]));
  const auditLink = `/admin/audit?type=user&user=${encodeURIComponent(user.userName)}`;

  return (
    <>
      <PageHeader
        title={user.userName}
        description={[user.name, user.email].filter(Boolean).join(' · ') || undefined}
        actions={
          <>
            <Badge tone={user.source.kind === 'jit' ? 'info' : 'neutral'}>{user.source.label}</Badge>
            <UserStatusBadge status={user.status} />
          </>
        }
      />
      <div className="space-y-6">
        {user.source.kind === 'jit' ? (
          <Alert tone="info" title={user.source.label}>
            This user&apos;s profile, attributes and groups come from {user.source.idp?.name ?? 'their identity provider'} at every sign-in,
            so they cannot be changed here. To remove the user, delete their JIT directory.
          </Alert>
        ) : null}
        {user.source.kind === 'local' && !roleAllows(admin.role, 'write') ? (
          <Alert tone="info" title="Local user">
            A super admin can edit or delete this user and send them a password link.
          </Alert>
        ) : null}

        <Card>
          <CardHeader title="Profile" />
          <CardBody>
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]" aria-label="Profile">
              <Detail label="User name">{user.userName}</Detail>
              <Detail label="Name">{user.name ?? '—'}</Detail>
              <Detail label="Email">{user.email ?? '—'}</Detail>
              <Detail label="External ID">{user.externalId ?? '—'}</Detail>
              <Detail label="Source">{user.source.label}</Detail>
              <Detail label="Directory">{user.directory.name}</Detail>
              <Detail label="Domain">{user.domain ?? '—'}</Detail>
              <Detail label="Last sign-in">{formatUserTime(user.lastSignInAt)}</Detail>
              <Detail label="Created">{formatUserTime(user.createdAt)}</Detail>
            </dl>
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Attributes" description="Every value, as the IdP sent them at the latest sign-in." />
          {user.attributes.length === 0 ? (
            <EmptyState title="No attributes" />
          ) : (
            <Table aria-label="Attributes">
              <THead>
                <TR>
                  <TH>Attribute</TH>
                  <TH>Values</TH>
                </TR>
              </THead>
              <TBody>
                {user.attributes.map((attribute) => (
                  <TR key={attribute.name}>
                    <TD>
                      <span className="font-medium text-slate-900">{attribute.displayName}</span>
                      <span className="block font-mono text-xs text-slate-500">
                        {attribute.name}
                        {attribute.defined ? '' : ' (no longer defined)'}
                      </span>
                    </TD>
                    <TD>
                      <ul className="space-y-0.5">
                        {attribute.values.map((value, index) => (
                          <li key={index} className="break-words">
                            {value}
                          </li>
                        ))}
                      </ul>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>

        <Card>
          <CardHeader title="Groups" description="Each with the rule that placed the user in it." />
          {user.groups.length === 0 ? (
            <EmptyState title="In no group" description="Users join groups when their attributes match the groups' rules." />
          ) : (
            <Table aria-label="Groups">
              <THead>
                <TR>
                  <TH>Group</TH>
                  <TH>Why</TH>
                  <TH>Member since</TH>
                </TR>
              </THead>
              <TBody>
                {user.groups.map((group) => (
                  <TR key={group.id}>
                    <TD>
                      <Link href={`/admin/groups/${group.id}`} className="font-medium text-brand-700 hover:underline">
                        {group.name}
                      </Link>
                    </TD>
                    <TD className="text-xs">
                      {group.rule ? (
                        <span className="font-mono">{group.rule.text}</span>
                      ) : (
                        <span className="text-slate-500">The rule that placed this user was removed; the recompute updates it.</span>
                      )}
                    </TD>
                    <TD className="whitespace-nowrap">{formatUserTime(group.memberSince)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>

        <Card>
          <CardHeader title="Applications" description="Entitled to the user's groups: what their portal shows." />
          {user.applications.length === 0 ? (
            <EmptyState title="No applications" />
          ) : (
            <Table aria-label="Applications">
              <THead>
                <TR>
                  <TH>Application</TH>
                  <TH>Through</TH>
                </TR>
              </THead>
              <TBody>
                {user.applications.map((application) => (
                  <TR key={application.id}>
                    <TD>
                      <Link href={`/admin/applications/${application.id}`} className="font-medium text-brand-700 hover:underline">
                        {application.name}
                      </Link>
                    </TD>
                    <TD>{application.via.map((group) => group.name).join(', ')}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>

        <Card>
          <CardHeader title="Sign-ins" description={`The latest ${SIGN_IN_HISTORY_LIMIT}, newest first. Times are in UTC.`} />
          {user.signIns.length === 0 ? <EmptyState title="No sign-ins" /> : <AuditEventTable events={user.signIns} idpNames={idpNames} />}
        </Card>

        <Card>
          <CardHeader
            title="Audit trail"
            description={
              <>
                The latest {AUDIT_TRAIL_LIMIT} changes to this user, newest first.{' '}
                <Link href={auditLink} className="text-brand-700 hover:underline">
                  Everything in the Audit Log
                </Link>
              </>
            }
          />
          {user.auditTrail.length === 0 ? (
            <EmptyState title="No changes recorded" />
          ) : (
            <AuditEventTable events={user.auditTrail} idpNames={idpNames} />
          )}
        </Card>

        {user.source.kind === 'local' && roleAllows(admin.role, 'write') ? (
          <LocalUserControls
            user={{
              id: user.id,
              userName: user.userName,
              email: user.email,
              firstName: user.firstName,
              lastName: user.lastName,
              status: user.status,
            }}
          />
        ) : null}
      </div>
    </>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-words text-slate-900">{children}</dd>
    </div>
  );
}
