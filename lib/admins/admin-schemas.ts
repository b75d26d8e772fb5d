import { z } from 'zod';
import { adminRoleSchema } from '../auth/roles';

export const adminEmailSchema = z
  .string()
  .trim()
  .transform((value) => value.normalize('NFKC').toLowerCase())
  .pipe(z.email({ error: 'Enter a valid email address' }).max(254));

export const adminPasswordSchema = z.string().min(12, 'Use at least 12 characters').max(256, 'Use at most 256 characters');

export const createAdminSchema = z.object({
  email: adminEmailSchema,
  name: z.string().trim().max(100).default(''),
  password: adminPasswordSchema,
  role: adminRoleSchema.default('read_only'),
});
export type CreateAdminInput = z.input<typeof createAdminSchema>;

export const updateAdminSchema = z.object({ role: adminRoleSchema });

/** Admin fields that may leave the server (never the password hash). */
export const PUBLIC_ADMIN_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  lastLoginAt: true,
  createdAt: true,
} as const;
