'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { requestJson } from '../console/fetch-json';
import { TypedConfirm } from '../console/typed-confirm-dialog';
import { Alert } from '../ui/alert';
import { DeletionProgress } from './deletion-progress';

/**
 * Rule 4 in the console: the admin types the number of users the deletion removes. The deletion then runs in the
 * background (the page shows its progress); an empty directory is gone at once.
 */
export function DeleteDirectorySection({
  id,
  name,
  userCount,
  idpName,
}: {
  id: string;
  name: string;
  userCount: number;
  idpName: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [started, setStarted] = useState(false);
  const users = `${userCount.toLocaleString('en-US')} user${userCount === 1 ? '' : 's'}`;
  if (started) {
    // Not a page refresh: a small directory may be gone before it renders. The progress moves on when it is.
    const initial = {
      label: `Deleting… 0 of ${userCount.toLocaleString('en-US')}`,
      deletion: { status: 'queued', done: 0, total: userCount, error: null },
    };
    return <DeletionProgress directoryId={id} initial={initial} redirectTo="/admin/directories" canRetry />;
  }
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <TypedConfirm
        expected={String(userCount)}
        actionLabel="Delete directory"
        prompt={`Type ${userCount} to confirm`}
        pending={pending}
        onConfirm={async () => {
          setPending(true);
          const result = await requestJson<{ status: string }>('DELETE', `/api/v1/directories/${id}?confirmUsers=${userCount}`);
          setPending(false);
          if (!result.ok) return setError(result.message);
          if (result.data.status === 'deleting') return setStarted(true);
          router.push('/admin/directories');
          router.refresh();
        }}
      >
        <p className="text-sm text-red-900">
          Deleting <strong>{name}</strong> deletes its <strong>{users}</strong> with their group memberships and sessions. At once, its
          users are signed out{idpName ? <> and {idpName} signs nobody in until a new JIT directory is created</> : null}; the users are
          then deleted in the background, and its domains are freed when that has finished. It cannot be undone.
        </p>
      </TypedConfirm>
    </div>
  );
}
