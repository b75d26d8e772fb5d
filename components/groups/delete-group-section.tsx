'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { requestJson } from '../console/fetch-json';

/** Delete with a confirmation step that says what goes: the group, its rules and every membership. */
export function DeleteGroupSection({ id, name, memberCount }: { id: string; name: string; memberCount: number }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setPending(true);
    const result = await requestJson('DELETE', `/api/v1/groups/${id}`);
    setPending(false);
    if (!result.ok) return setError(result.message);
    router.push('/admin/groups');
    router.refresh();
  }

  if (!confirming) {
    return (
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Delete group…
      </Button>
    );
  }
  return (
    <div className="space-y-4 rounded-lg border border-red-200 bg-red-50 p-4" role="group" aria-label="Delete group">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="text-sm text-red-900">
        This deletes <strong>{name}</strong> with its rules and its {memberCount.toLocaleString('en-US')} membership
        {memberCount === 1 ? '' : 's'}; applications entitled to it are no longer shown to those users. It cannot be undone.
      </p>
      <div className="flex gap-2">
        <Button variant="danger" disabled={pending} onClick={() => void remove()}>
          Delete group
        </Button>
        <Button variant="ghost" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
