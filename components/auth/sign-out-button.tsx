'use client';

import { signOut } from 'next-auth/react';
import { useEffect, useState } from 'react';
import { Button } from '../ui/button';

/** Signing out needs the client (next-auth's CSRF round trip): the button is enabled once it can work. */
export function SignOutButton({ callbackUrl }: { callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={!hydrated || pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl });
      }}
    >
      Sign out
    </Button>
  );
}
