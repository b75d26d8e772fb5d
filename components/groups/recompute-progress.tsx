'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { postJson } from '../console/fetch-json';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';

export type RecomputeProgressData = {
  jobId: string;
  status: string;
  done: number;
  total: number;
  rulesVersion: number;
  error: string | null;
};

const POLL_MS = 1_500;

type Props = { groupId: string; initial: RecomputeProgressData; compact?: boolean; canRerun?: boolean };

/**
 * The membership recompute of a group while it runs: a progress bar refreshed by polling the group (no request
 * is held open). When the job is over the page re-renders, so member counts and lists catch up. A failed recompute
 * says so, with its error and (for super admins) *Run again*, which resumes it where it stopped.
 */
export function RecomputeProgress({ groupId, initial, compact, canRerun }: Props) {
  const router = useRouter();
  const [progress, setProgress] = useState<RecomputeProgressData | null>(initial);
  const [rerunError, setRerunError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const running = progress !== null && progress.status !== 'failed';

  async function rerun() {
    setPending(true);
    const result = await postJson<{ recompute: RecomputeProgressData | null }>(`/api/v1/groups/${groupId}/recompute`, {});
    setPending(false);
    if (!result.ok) return setRerunError(result.message);
    setRerunError(null);
    setProgress(result.data.recompute);
  }

  useEffect(() => {
    if (!running) return;
    let stopped = false;
    const timer = setInterval(() => {
      void (async () => {
        try {
          const res = await fetch(`/api/v1/groups/${groupId}`, { cache: 'no-store' });
          if (stopped) return;
          if (res.status === 404) return setProgress(null);
          if (!res.ok) return; // a passing failure: the next tick tries again
          const group = (await res.json()) as { recompute: RecomputeProgressData | null };
          if (stopped) return;
          setProgress(group.recompute);
          if (group.recompute === null) router.refresh();
        } catch {
          // offline for a moment: keep polling
        }
      })();
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [running, groupId, router]);

  if (!progress) return compact ? null : <p className="text-sm text-emerald-700">Memberships are up to date.</p>;
  if (progress.status === 'failed') {
    if (compact) return <p className="text-xs font-medium text-red-700">Failed</p>;
    return (
      <div className="space-y-3">
        <Alert tone="error" title="The membership recompute failed: members may not match the rules.">
          {progress.error ?? 'No error was recorded.'} ({progress.done.toLocaleString('en-US')} of {progress.total.toLocaleString('en-US')}{' '}
          users done.)
        </Alert>
        {rerunError ? <Alert tone="error">{rerunError}</Alert> : null}
        {canRerun ? (
          <Button variant="secondary" disabled={pending} onClick={() => void rerun()}>
            {pending ? 'Queuing…' : 'Run again'}
          </Button>
        ) : null}
      </div>
    );
  }
  const percent = progress.total > 0 ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : 0;
  const label =
    progress.status === 'queued'
      ? 'Recompute queued'
      : `Recomputing memberships: ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} users`;
  return (
    <div className={compact ? 'w-40 space-y-1' : 'space-y-2'}>
      <p className={compact ? 'text-xs text-slate-600' : 'text-sm text-slate-700'}>{compact ? `${percent}%` : label}</p>
      <div
        role="progressbar"
        aria-label="Membership recompute"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={label}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
