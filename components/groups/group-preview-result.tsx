import { describeRule } from '@/lib/groups/describe-rule';
import type { RuleOperator } from '@/lib/rules/rule-schemas';
import { TBody, TD, TH, THead, TR, Table } from '../ui/table';

export type GroupPreviewData = {
  matching: number;
  scanned: number;
  total: number;
  complete: boolean;
  sample: { id: string; userName: string; email: string | null; directory: string; ruleIndex: number }[];
};

const count = (n: number) => n.toLocaleString('en-US');

/** What a preview found: the count (a lower bound when the scan stopped early) and a few matching users with the rule that held. */
export function GroupPreviewResult({
  preview,
  rules,
}: {
  preview: GroupPreviewData;
  rules: { attribute: string; operator: RuleOperator; value: string | string[]; caseSensitive: boolean }[];
}) {
  const users = (n: number) => `${count(n)} user${n === 1 ? '' : 's'}`;
  const summary = preview.complete
    ? `${users(preview.matching)} of ${count(preview.total)} would be in this group.`
    : `At least ${users(preview.matching)} of the first ${count(preview.scanned)} (of ${count(preview.total)}) would be in this group. The preview stops after a few seconds; saving computes every membership.`;
  return (
    <section aria-label="Preview" className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4">
      <p role="status" className="text-sm font-medium text-slate-900">
        {summary}
      </p>
      {preview.sample.length > 0 ? (
        <Table>
          <THead>
            <TR>
              <TH>User</TH>
              <TH>Email</TH>
              <TH>Directory</TH>
              <TH>Matched by</TH>
            </TR>
          </THead>
          <TBody>
            {preview.sample.map((user) => {
              const rule = rules[user.ruleIndex];
              return (
                <TR key={user.id}>
                  <TD className="font-medium">{user.userName}</TD>
                  <TD>{user.email ?? '—'}</TD>
                  <TD>{user.directory}</TD>
                  <TD className="text-xs">
                    Rule {user.ruleIndex + 1}
                    {rule ? `: ${describeRule(rule)}` : ''}
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      ) : null}
    </section>
  );
}
