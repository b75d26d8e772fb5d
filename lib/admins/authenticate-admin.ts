import type { Db } from '../db';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../auth/password';
import { recordAuditEvent } from '../audit/record-audit-event';
import { adminEmailSchema } from './admin-schemas';

/** Consecutive failures allowed before the account is locked; each further failure doubles the lock. */
export const FREE_ATTEMPTS = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

export function lockDuration(failedLogins: number): number {
  if (failedLogins < FREE_ATTEMPTS) return 0;
  return Math.min(BASE_LOCK_MS * 2 ** (failedLogins - FREE_ATTEMPTS), MAX_LOCK_MS);
}

export type AdminSignIn = { ok: true; admin: { id: string; email: string; name: string; role: string } } | { ok: false; message: string };

const INVALID = 'Invalid email or password.';

function lockedMessage(until: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many failed sign-in attempts. Try again in ${wait}.`;
}

/**
 * Checks an admin's email and password with per-account backoff. The answer never tells whether
 * the account exists; a locked account is refused even with the right password.
 */
export async function authenticateAdmin(db: Db, credentials: { email: string; password: string }, now = new Date()): Promise<AdminSignIn> {
  const email = adminEmailSchema.safeParse(credentials.email);
  const admin = email.success ? await db.admin.findUnique({ where: { email: email.data } }) : null;
  const label = email.success ? email.data : credentials.email.slice(0, 254);

  if (admin?.lockedUntil && admin.lockedUntil > now) {
    await recordAuditEvent(db, {
      actor: { type: 'anonymous', label },
      action: 'admin.signin',
      outcome: 'failure',
      target: { type: 'admin', id: admin.id, label: admin.email },
      reason: 'Account temporarily locked after repeated wrong passwords',
    });
    return { ok: false, message: lockedMessage(admin.lockedUntil, now) };
  }

  const valid = await verifyPassword(credentials.password, admin?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!admin || !valid) {
    let message = INVALID;
    if (admin) {
      const failedLogins = admin.failedLogins + 1;
      const lock = lockDuration(failedLogins);
      const lockedUntil = lock ? new Date(now.getTime() + lock) : null;
      await db.admin.update({ where: { id: admin.id }, data: { failedLogins, lockedUntil } });
      if (lockedUntil) message = lockedMessage(lockedUntil, now);
    }
    await recordAuditEvent(db, {
      actor: { type: 'anonymous', label },
      action: 'admin.signin',
      outcome: 'failure',
      target: admin ? { type: 'admin', id: admin.id, label: admin.email } : { type: 'admin', label },
      reason: admin ? 'Wrong password' : 'Unknown email',
    });
    return { ok: false, message };
  }

  await db.admin.update({ where: { id: admin.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
  await recordAuditEvent(db, {
    actor: { type: 'admin', id: admin.id, label: admin.email },
    action: 'admin.signin',
    outcome: 'success',
    target: { type: 'admin', id: admin.id, label: admin.email },
  });
  return { ok: true, admin: { id: admin.id, email: admin.email, name: admin.name, role: admin.role } };
}
