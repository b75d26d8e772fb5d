'use client';

import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { requestJson } from './fetch-json';

type Props = {
  /** What is deleted, lower-case: "group", "application". */
  noun: string;
  /** The DELETE endpoint, and where to go once it answered. */
  endpoint: string;
  redirectTo: string;
  confirmLabel: string;
  /** What goes with it, shown before the last click. */
  children: ReactNode;
};

/** A delete button that first says what will be lost, then deletes and leaves the page. */
export function ConfirmDeleteSection({ noun, endpoint, redirectTo, confirmLabel, children }: Props) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setPending(true);
    const result = await requestJson('DELETE', endpoint);
    setPending(false);
    if (!result.ok) return setError(result.message);
    router.push(redirectTo);
    router.refresh();
  }

  if (!confirming) {
    return (
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Delete {noun}…
      </Button>
    );
  }
  return (
    <div className="space-y-4 rounded-lg border border-red-200 bg-red-50 p-4" role="group" aria-label={`Delete ${noun}`}>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="text-sm text-red-900">{children}</p>
      <div className="flex gap-2">
        <Button variant="danger" disabled={pending} onClick={() => void remove()}>
          {pending ? 'Deleting…' : confirmLabel}
        </Button>
        <Button variant="ghost" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
