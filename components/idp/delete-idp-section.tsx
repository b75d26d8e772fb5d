'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '../ui/alert';
import { requestJson } from '../console/fetch-json';
import { TypedConfirm } from '../console/typed-confirm-dialog';
import { DeletionProgress, type DeletionState } from '../directories/deletion-progress';

/**
 * Deletes the IdP with its directory. An IdP whose directory has users stays (disabled) while the users are
 * deleted in the background, showing the progress, and goes at the end; the page then returns to the list.
 */
export function DeleteIdpSection({
  id,
  name,
  userCount,
  directory,
}: {
  id: string;
  name: string;
  userCount: number;
  /** Its JIT directory; `deletesIdp` when the directory's deletion was started by deleting this IdP. */
  directory: { id: string; name: string; deleting: DeletionState | null; deletesIdp: boolean } | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [started, setStarted] = useState<DeletionState | null>(null);

  if (directory && started) {
    // Not a page refresh: the IdP may be gone before it renders. The progress leaves the page when it is.
    return <DeletionProgress directoryId={directory.id} initial={started} redirectTo="/admin/identity-providers" canRetry />;
  }
  if (directory?.deleting) {
    if (!directory.deletesIdp) {
      return (
        <p className="text-sm text-slate-600">
          Its directory <strong>{directory.name}</strong> is being deleted; the identity provider can be deleted once that has finished.
        </p>
      );
    }
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-700">
          <strong>{name}</strong> is being deleted: its directory&apos;s users go first, then the identity provider.
        </p>
        <DeletionProgress directoryId={directory.id} initial={directory.deleting} redirectTo="/admin/identity-providers" canRetry />
      </div>
    );
  }

  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <TypedConfirm
        expected={String(userCount)}
        actionLabel="Delete identity provider"
        prompt={`Type ${userCount} to confirm`}
        pending={pending}
        onConfirm={async () => {
          setPending(true);
          const result = await requestJson<{ status: string }>('DELETE', `/api/v1/identity-providers/${id}?confirmUsers=${userCount}`);
          setPending(false);
          if (!result.ok) return setError(result.message);
          // Users to delete: stay and show the progress; otherwise it is gone.
          if (result.data.status === 'deleting') {
            const total = userCount.toLocaleString('en-US');
            return setStarted({ label: `Deleting… 0 of ${total}`, deletion: { status: 'queued', done: 0, total: userCount, error: null } });
          }
          router.push('/admin/identity-providers');
          router.refresh();
        }}
      >
        <p className="text-sm text-red-900">
          This deletes <strong>{name}</strong>
          {directory ? (
            <>
              {' '}
              together with its directory <strong>{directory.name}</strong> and its <strong>{userCount}</strong> user
              {userCount === 1 ? '' : 's'} (deleted in the background; the identity provider is disabled at once and goes at the end)
            </>
          ) : null}
          . It cannot be undone.
        </p>
      </TypedConfirm>
    </div>
  );
}
