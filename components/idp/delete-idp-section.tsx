'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '../ui/alert';
import { requestJson } from '../console/fetch-json';
import { TypedConfirm } from '../console/typed-confirm-dialog';

export function DeleteIdpSection({
  id,
  name,
  userCount,
  directoryName,
}: {
  id: string;
  name: string;
  userCount: number;
  directoryName: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
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
          const result = await requestJson('DELETE', `/api/v1/identity-providers/${id}?confirmUsers=${userCount}`);
          setPending(false);
          if (!result.ok) return setError(result.message);
          router.push('/admin/identity-providers');
          router.refresh();
        }}
      >
        <p className="text-sm text-red-900">
          This deletes <strong>{name}</strong>
          {directoryName ? (
            <>
              {' '}
              together with its directory <strong>{directoryName}</strong> and its <strong>{userCount}</strong> user
              {userCount === 1 ? '' : 's'}
            </>
          ) : null}
          . It cannot be undone.
        </p>
      </TypedConfirm>
    </div>
  );
}
