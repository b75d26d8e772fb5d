import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/current-user';

// Signed-in end users go to their portal; everyone else to the console (which asks admins to sign in).
export default async function Home() {
  redirect((await getCurrentUser()) ? '/apps' : '/admin');
}
