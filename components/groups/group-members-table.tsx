import Link from 'next/link';
import type { GroupMembersPage } from '@/lib/groups/get-group-members';
import { buttonClasses } from '../ui/button';
import { EmptyState, TBody, TD, TH, THead, TR, Table } from '../ui/table';

const day = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

type Props = {
  groupId: string;
  page: GroupMembersPage;
  paged: boolean;
  /** For a group whose rules must all hold, what every member satisfies (one rule alone would not say why). */
  allRulesText?: string;
};

/** Members with why (the rule that placed them, or every rule), forward-only paging by cursor. */
export function GroupMembersTable({ groupId, page, paged, allRulesText }: Props) {
  if (page.data.length === 0) {
    return <EmptyState title="No members" description="Users join when their attributes match the rules." />;
  }
  return (
    <>
      <Table>
        <THead>
          <TR>
            <TH>User</TH>
            <TH>Email</TH>
            <TH>Directory</TH>
            <TH>Why</TH>
            <TH>Member since (UTC)</TH>
          </TR>
        </THead>
        <TBody>
          {page.data.map((member) => (
            <TR key={member.userId}>
              <TD className="font-medium">{member.userName}</TD>
              <TD>{member.email ?? '—'}</TD>
              <TD>{member.directory.name}</TD>
              <TD className="text-xs">
                {allRulesText ? (
                  <span className="font-mono">{allRulesText}</span>
                ) : member.rule ? (
                  <span className="font-mono">{member.rule.text}</span>
                ) : (
                  <span className="text-slate-500">The rule that placed this user was removed; the recompute updates it.</span>
                )}
              </TD>
              <TD className="whitespace-nowrap">{day.format(member.memberSince)}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
      {paged || page.nextCursor ? (
        <nav aria-label="Member pages" className="flex items-center justify-end gap-2 border-t border-slate-200 px-5 py-3">
          {paged ? (
            <Link href={`/admin/groups/${groupId}`} className={buttonClasses('secondary', 'sm')}>
              First page
            </Link>
          ) : null}
          {page.nextCursor ? (
            <Link
              href={`/admin/groups/${groupId}?cursor=${encodeURIComponent(page.nextCursor)}`}
              className={buttonClasses('secondary', 'sm')}
            >
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
