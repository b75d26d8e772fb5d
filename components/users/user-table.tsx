import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';
import type { UserListItem } from '@/lib/users/list-users';

const day = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function formatUserTime(date: Date | null): string {
  return date ? `${day.format(date)} UTC` : 'Never';
}

export function UserStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={status === 'active' ? 'success' : 'warning'}>
      {status === 'active' ? 'Active' : status === 'suspended' ? 'Suspended' : status}
    </Badge>
  );
}

export function UserTable({ users }: { users: UserListItem[] }) {
  return (
    <Table>
      <THead>
        <TR>
          <TH>User name</TH>
          <TH>Name</TH>
          <TH>Email</TH>
          <TH>Directory</TH>
          <TH>Status</TH>
          <TH>Last sign-in</TH>
        </TR>
      </THead>
      <TBody>
        {users.map((user) => (
          <TR key={user.id}>
            <TD>
              <Link href={`/admin/users/${user.id}`} className="font-medium text-brand-700 hover:underline">
                {user.userName}
              </Link>
            </TD>
            <TD>{user.name ?? '—'}</TD>
            <TD>{user.email ?? '—'}</TD>
            <TD>
              {user.directory.name}
              {user.domain ? <span className="block text-xs text-slate-500">{user.domain}</span> : null}
            </TD>
            <TD>
              <UserStatusBadge status={user.status} />
            </TD>
            <TD className="whitespace-nowrap">
              {user.lastSignInAt ? <time dateTime={user.lastSignInAt.toISOString()}>{formatUserTime(user.lastSignInAt)}</time> : 'Never'}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
