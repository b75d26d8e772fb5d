'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Checkbox } from '../ui/checkbox';
import { Input } from '../ui/input';
import { requestJson } from '../console/fetch-json';

type Group = { id: string; name: string };

/** Above this many groups the list gets a filter box. */
const FILTER_FROM = 8;

/** Checkboxes of every group; saving sends the complete set (PUT). */
export function EntitlementPicker({ applicationId, groups, entitled }: { applicationId: string; groups: Group[]; entitled: string[] }) {
  const router = useRouter();
  const [selected, setSelected] = useState(() => new Set(entitled));
  const [filter, setFilter] = useState('');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const shown = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase('en');
    return needle ? groups.filter((g) => g.name.toLocaleLowerCase('en').includes(needle)) : groups;
  }, [groups, filter]);

  if (groups.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        There are no groups yet.{' '}
        <Link href="/admin/groups" className="font-medium text-brand-700 hover:underline">
          Create a group
        </Link>{' '}
        first, then entitle it to this application.
      </p>
    );
  }

  function toggle(id: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function save() {
    setPending(true);
    const result = await requestJson<{ groupIds: string[] }>('PUT', `/api/v1/applications/${applicationId}/entitlements`, {
      groupIds: [...selected],
    });
    setPending(false);
    if (!result.ok) return setMessage({ tone: 'error', text: result.message });
    const count = result.data.groupIds.length;
    setSelected(new Set(result.data.groupIds));
    setMessage({ tone: 'success', text: `Saved. Entitled to ${count} group${count === 1 ? '' : 's'}.` });
    router.refresh();
  }

  return (
    <div className="space-y-4">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {groups.length > FILTER_FROM ? (
        <Input
          type="search"
          aria-label="Filter groups"
          placeholder="Filter groups…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      ) : null}
      <fieldset className="max-h-80 space-y-3 overflow-y-auto rounded-lg border border-slate-200 p-4">
        <legend className="sr-only">Entitled groups</legend>
        {shown.map((group) => (
          <Checkbox
            key={group.id}
            id={`entitle-${group.id}`}
            label={group.name}
            checked={selected.has(group.id)}
            onChange={(e) => toggle(group.id, e.target.checked)}
          />
        ))}
        {shown.length === 0 ? <p className="text-sm text-slate-500">No group matches “{filter}”.</p> : null}
      </fieldset>
      <div className="flex items-center gap-3">
        <Button onClick={() => void save()} disabled={pending}>
          {pending ? 'Saving…' : 'Save entitlements'}
        </Button>
        <span className="text-sm text-slate-500">
          {selected.size} of {groups.length} selected
        </span>
      </div>
    </div>
  );
}
