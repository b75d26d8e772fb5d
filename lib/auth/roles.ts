import { z } from 'zod';

export const ADMIN_ROLES = ['super_admin', 'read_only'] as const;
export const adminRoleSchema = z.enum(ADMIN_ROLES);
export type AdminRole = z.infer<typeof adminRoleSchema>;

/** "read" is every console page and GET route; "write" is every change. */
export type Permission = 'read' | 'write';

export function roleAllows(role: string, permission: Permission): boolean {
  if (role === 'super_admin') return true;
  return role === 'read_only' && permission === 'read';
}

export const ROLE_LABELS: Record<AdminRole, string> = {
  super_admin: 'Super admin',
  read_only: 'Read-only',
};
