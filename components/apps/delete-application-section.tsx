'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { requestJson } from '../console/fetch-json';

export function DeleteApplicationSection({ id, name, groupCount }: { id: string; name: string; groupCount: number }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function remove() {
    setPending(true);
    const result = await requestJson('DELETE', `/api/v1/applications/${id}`);
    setPending(false);
    if (!result.ok) return setError(result.message);
    router.push('/admin/applications');
    router.refresh();
  }

  if (!confirming) {
    return (
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Delete application…
      </Button>
    );
  }
  return (
    <div className="space-y-4 rounded-lg border border-red-200 bg-red-50 p-4" role="group" aria-label="Delete application">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="text-sm text-red-900">
        This deletes <strong>{name}</strong>
        {groupCount > 0 ? ` and its entitlements to ${groupCount} group${groupCount === 1 ? '' : 's'}` : ''}: it disappears from every
        user’s portal at once. It cannot be undone.
      </p>
      <div className="flex gap-2">
        <Button variant="danger" disabled={pending} onClick={() => void remove()}>
          {pending ? 'Deleting…' : `Delete ${name}`}
        </Button>
        <Button variant="ghost" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
