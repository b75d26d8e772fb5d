import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { getDb } from '../db';
import { authOptions } from './options';
import { roleAllows, type AdminRole, type Permission } from './roles';

export type CurrentAdmin = {
  id: string;
  email: string;
  name: string;
  role: AdminRole;
  /** How audit events name this admin. */
  actor: { type: 'admin'; id: string; label: string };
};

/** The signed-in admin, re-read from the database on every call; null when signed out or deleted. */
export async function getCurrentAdmin(): Promise<CurrentAdmin | null> {
  const session = await getServerSession(authOptions());
  if (session?.kind !== 'admin' || !session.adminId) return null;
  const admin = await getDb().admin.findUnique({
    where: { id: session.adminId },
    select: { id: true, email: true, name: true, role: true },
  });
  if (!admin || (admin.role !== 'super_admin' && admin.role !== 'read_only')) return null;
  return { ...admin, role: admin.role, actor: { type: 'admin', id: admin.id, label: admin.email } };
}

/**
 * Guard for console pages: signed-out visitors go to the sign-in page; an admin without the
 * permission gets the "not allowed" page. Every /admin page calls it itself.
 */
export async function requireAdminPage(permission: Permission, returnTo: string): Promise<CurrentAdmin> {
  const admin = await getCurrentAdmin();
  if (!admin) redirect(`/admin/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!roleAllows(admin.role, permission)) redirect('/admin/forbidden');
  return admin;
}
