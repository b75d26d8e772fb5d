'use client';

import { useId, useState, type ReactNode } from 'react';
import { Button } from '../ui/button';
import { Field, Input } from '../ui/input';

/**
 * A destructive action that asks the admin to type a value (e.g. the number of users it deletes)
 * before the button works.
 */
export function TypedConfirm({
  expected,
  prompt,
  actionLabel,
  onConfirm,
  pending,
  children,
}: {
  expected: string;
  prompt: ReactNode;
  actionLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  children?: ReactNode;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  if (!open) {
    return (
      <Button variant="danger" onClick={() => setOpen(true)}>
        {actionLabel}…
      </Button>
    );
  }
  return (
    <div className="space-y-4 rounded-lg border border-red-200 bg-red-50 p-4" role="group" aria-label={actionLabel}>
      {children}
      <Field label={prompt} htmlFor={`${id}-confirm`}>
        <Input id={`${id}-confirm`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" inputMode="numeric" />
      </Field>
      <div className="flex gap-2">
        <Button variant="danger" disabled={typed.trim() !== expected || pending} onClick={onConfirm}>
          {actionLabel}
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
