'use client';

import { useState } from 'react';
import { Button } from '../ui/button';

/** Copies a value (or the text a URL serves) to the clipboard and says so. */
export function CopyButton({ value, fromUrl, label = 'Copy' }: { value?: string; fromUrl?: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      const text = fromUrl ? await (await fetch(fromUrl)).text() : (value ?? '');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  }
  return (
    <Button size="sm" variant="secondary" onClick={() => void copy()} aria-live="polite">
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </Button>
  );
}
