import { NextResponse, type NextRequest } from 'next/server';
import { AppError } from '@/lib/api/errors';
import { resolveApplicationLaunch } from '@/lib/apps/resolve-application-launch';
import { getCurrentUser } from '@/lib/auth/current-user';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';

/**
 * GET /apps/ID/launch — a portal tile. The entitlement is checked now, not when the portal was drawn:
 * a user removed from the group meanwhile is sent back to the portal with a message.
 */
export async function GET(_req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const base = getEnv().GATEHOUSE_URL;
  const { id } = await params;
  const user = await getCurrentUser();
  if (!user) {
    const login = new URL('/login', base);
    login.searchParams.set('returnTo', `/apps/${encodeURIComponent(id)}/launch`);
    return NextResponse.redirect(login, 303);
  }
  try {
    const launchUrl = await resolveApplicationLaunch(getDb(), user.id, id);
    return NextResponse.redirect(launchUrl, { status: 303, headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'forbidden')) console.error('application launch failed', error);
    const back = new URL('/apps', base);
    back.searchParams.set('error', 'not-entitled');
    return NextResponse.redirect(back, 303);
  }
}
