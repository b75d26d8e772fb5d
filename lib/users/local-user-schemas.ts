import { z } from 'zod';
import { adminEmailSchema, adminPasswordSchema } from '../admins/admin-schemas';
import { USER_STATUSES } from './user-schemas';

/** The one local directory, created on first use (a local user needs no domain: PRODUCT.md rule 1). */
export const LOCAL_DIRECTORY_NAME = 'Local users';

/** A one-time password link lasts a day. */
export const PASSWORD_LINK_TTL_MS = 24 * 60 * 60 * 1000;

const optionalName = (what: string) =>
  z
    .string()
    .trim()
    .max(100, `A ${what} has at most 100 characters`)
    .transform((value) => value || null)
    .nullable()
    .optional();

const userNameSchema = z.string().trim().min(1, 'Enter a user name').max(254, 'A user name has at most 254 characters');

/** A local user signs in with its email, so the email is required and unique among local users. */
export const createLocalUserSchema = z.object({
  email: adminEmailSchema,
  /** Defaults to the email. */
  userName: userNameSchema.optional(),
  firstName: optionalName('first name'),
  lastName: optionalName('last name'),
});
export type CreateLocalUserInput = z.input<typeof createLocalUserSchema>;

export const updateLocalUserSchema = z
  .object({
    email: adminEmailSchema.optional(),
    userName: userNameSchema.optional(),
    firstName: optionalName('first name'),
    lastName: optionalName('last name'),
    status: z.enum(USER_STATUSES, { error: 'The status is active or suspended' }).optional(),
  })
  .strict();
export type UpdateLocalUserInput = z.input<typeof updateLocalUserSchema>;

/** The same policy as administrators' passwords. */
export const setPasswordSchema = z.object({ token: z.string().min(1, 'The link has no token').max(200), password: adminPasswordSchema });

/** Local user fields that may leave the server (never the password hash). */
export const PUBLIC_LOCAL_USER_SELECT = {
  id: true,
  directoryId: true,
  userName: true,
  email: true,
  firstName: true,
  lastName: true,
  status: true,
  createdAt: true,
  updatedAt: true,
} as const;
