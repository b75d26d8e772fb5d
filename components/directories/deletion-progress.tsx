'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { requestJson } from '../console/fetch-json';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';

/** What the console shows of a directory's deletion (DirectoryView['state'] when it is being deleted). */
export type DeletionState = {
  label: string;
  deletion: { status: string; done: number; total: number; error: string | null } | null;
};

const POLL_MS = 1_500;

type Props = {
  directoryId: string;
  initial: DeletionState;
  /** Where to go once the directory is gone (default: re-render this page). */
  redirectTo?: string;
  compact?: boolean;
  canRetry?: boolean;
};

/**
 * "Deleting… N of M" while a directory's deletion job runs: a progress bar refreshed by polling the directory. When
 * the directory is gone the page moves on (or re-renders). A failed deletion shows its error and, for super
 * admins, *Run again*, which carries on where it stopped.
 */
export function DeletionProgress({ directoryId, initial, redirectTo, compact, canRetry }: Props) {
  const router = useRouter();
  const [state, setState] = useState<DeletionState>(initial);
  const [retryError, setRetryError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const failed = state.deletion?.status === 'failed';

  useEffect(() => {
    if (failed) return;
    let stopped = false;
    const timer = setInterval(() => {
      void (async () => {
        try {
          const res = await fetch(`/api/v1/directories/${directoryId}`, { cache: 'no-store' });
          if (stopped) return;
          if (res.status === 404) {
            stopped = true;
            clearInterval(timer);
            if (redirectTo) router.push(redirectTo);
            router.refresh();
            return;
          }
          if (!res.ok) return; // a passing failure: the next tick tries again
          const directory = (await res.json()) as { state: DeletionState & { kind: string } };
          if (!stopped && directory.state.kind === 'deleting') setState(directory.state);
        } catch {
          // offline for a moment: keep polling
        }
      })();
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [failed, directoryId, redirectTo, router]);

  async function retry() {
    setPending(true);
    const result = await requestJson('DELETE', `/api/v1/directories/${directoryId}?confirmUsers=0`);
    setPending(false);
    if (!result.ok) return setRetryError(result.message);
    setRetryError(null);
    setState((current) => ({ ...current, deletion: current.deletion ? { ...current.deletion, status: 'queued', error: null } : null }));
  }

  if (failed) {
    if (compact) return <p className="text-xs font-medium text-red-700">{state.label}</p>;
    return (
      <div className="space-y-3">
        <Alert tone="error" title={`${state.label}: the deletion failed.`}>
          {state.deletion?.error ?? 'No error was recorded.'} Sign-ins stay refused until the deletion has finished.
        </Alert>
        {retryError ? <Alert tone="error">{retryError}</Alert> : null}
        {canRetry ? (
          <Button variant="secondary" disabled={pending} onClick={() => void retry()}>
            {pending ? 'Queuing…' : 'Run again'}
          </Button>
        ) : null}
      </div>
    );
  }
  const { done = 0, total = 0 } = state.deletion ?? {};
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  return (
    <div className={compact ? 'w-44 space-y-1' : 'space-y-2'}>
      <p className={compact ? 'text-xs text-slate-600' : 'text-sm text-slate-700'}>{state.label}</p>
      <div
        role="progressbar"
        aria-label="Directory deletion"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={state.label}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-red-500 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
