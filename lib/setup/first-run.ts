import type { Db } from '../db';
import { AppError } from '../api/errors';
import { generateToken, hashToken } from '../auth/tokens';
import { createAdmin } from '../admins/create-admin';
import { createAdminSchema } from '../admins/admin-schemas';

const SETUP_LINK_TTL_MS = 24 * 60 * 60_000;

export type FirstRun =
  { state: 'ready' } | { state: 'admin-created'; email: string } | { state: 'setup-link'; url: string; expiresAt: Date };

/**
 * At start: when no admin exists, create one from GATEHOUSE_ADMIN_EMAIL/PASSWORD, or issue a
 * one-time setup link (replacing any earlier unused link).
 */
export async function prepareFirstRun(
  db: Db,
  options: { baseUrl: string; adminEmail?: string; adminPassword?: string },
): Promise<FirstRun> {
  if ((await db.admin.count()) > 0) return { state: 'ready' };
  if (options.adminEmail && options.adminPassword) {
    const admin = await createAdmin(
      db,
      { type: 'system' },
      {
        email: options.adminEmail,
        password: options.adminPassword,
        role: 'super_admin',
        name: 'Administrator',
      },
    );
    return { state: 'admin-created', email: admin.email };
  }
  const token = generateToken();
  const expiresAt = new Date(Date.now() + SETUP_LINK_TTL_MS);
  await db.$transaction([
    db.adminSetupToken.deleteMany({ where: { usedAt: null } }),
    db.adminSetupToken.create({ data: { tokenHash: hashToken(token), expiresAt } }),
  ]);
  return { state: 'setup-link', url: `${options.baseUrl}/setup?token=${token}`, expiresAt };
}

/** Whether a setup link can still be used (for the setup page, before the form is sent). */
export async function checkSetupToken(db: Db, token: string): Promise<'valid' | 'invalid' | 'done'> {
  if ((await db.admin.count()) > 0) return 'done';
  const row = await db.adminSetupToken.findUnique({ where: { tokenHash: hashToken(token) } });
  return row && !row.usedAt && row.expiresAt > new Date() ? 'valid' : 'invalid';
}

/** Creates the first (super) admin with a one-time setup link; the link works once, and only while no admin exists. */
export async function completeFirstRun(db: Db, token: string, input: unknown) {
  const data = createAdminSchema.omit({ role: true }).parse(input);
  return db.$transaction(async (tx) => {
    if ((await tx.admin.count()) > 0) {
      throw new AppError('conflict', 'Gatehouse is already set up. Sign in with an existing administrator account.');
    }
    // Claiming the token in the same transaction makes it single-use even under concurrent submits.
    const claimed = await tx.adminSetupToken.updateMany({
      where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (claimed.count !== 1) {
      throw new AppError('forbidden', 'This setup link is invalid or has expired. Restart Gatehouse to print a new one.');
    }
    return createAdmin(tx, { type: 'system' }, { ...data, role: 'super_admin' });
  });
}
