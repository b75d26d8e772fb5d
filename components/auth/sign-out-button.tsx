'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '../ui/button';

export function SignOutButton({ callbackUrl }: { callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl });
      }}
    >
      Sign out
    </Button>
  );
}
