import type { Db } from '../db';
import { lockDuration } from '../admins/authenticate-admin';
import { adminEmailSchema } from '../admins/admin-schemas';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../auth/password';
import { recordAuditEvent } from '../audit/record-audit-event';
import { DEFAULT_SESSION_TTL_SECONDS } from '../jit/provision-user';
import { writeTransaction } from '../groups/write-lock';

export type LocalSignIn = { ok: true; userSessionId: string; user: { id: string; userName: string } } | { ok: false; message: string };

const INVALID = 'Invalid email or password.';
const LOCKED_REASON = 'Account temporarily locked after repeated wrong passwords';
/** Failures older than this no longer count towards a lock (the longest lock is 15 minutes). */
const FAILURE_WINDOW_MS = 60 * 60_000;

function lockedMessage(until: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many failed sign-in attempts. Try again in ${wait}.`;
}

/**
 * The lock of a local user, like administrators' (lib/admins/authenticate-admin.ts), counted from the audit trail:
 * the consecutive failed sign-ins since the last success within the last hour (the users table has no counters).
 */
async function lockedUntil(db: Db, userId: string, now: Date): Promise<{ failures: number; lastFailure: Date | null; until: Date | null }> {
  const recent = await db.auditEvent.findMany({
    where: { targetType: 'user', targetId: userId, action: 'user.signin', createdAt: { gt: new Date(now.getTime() - FAILURE_WINDOW_MS) } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { outcome: true, reason: true, createdAt: true },
    take: 50,
  });
  // Refusals while locked do not count (as for administrators): only wrong passwords lengthen the lock.
  let count = 0;
  let lastFailure: Date | null = null;
  for (const event of recent) {
    if (event.outcome === 'success') break;
    if (event.reason === LOCKED_REASON) continue;
    count++;
    lastFailure ??= event.createdAt;
  }
  const lock = lockDuration(count);
  const until = lastFailure && lock ? new Date(lastFailure.getTime() + lock) : null;
  return { failures: count, lastFailure, until: until && until > now ? until : null };
}

/**
 * Signs a local user in with the built-in IdP (PRODUCT.md rule 1): email and password, per-account backoff, and on
 * success a user session row like a SAML sign-in's. Every failure is audited with a reason; the answer never tells
 * whether the account exists. JIT users never match: only users of local directories are looked up.
 */
export async function authenticateLocalUser(
  db: Db,
  credentials: { email: string; password: string },
  now = new Date(),
): Promise<LocalSignIn> {
  const email = adminEmailSchema.safeParse(credentials.email);
  const label = email.success ? email.data : credentials.email.slice(0, 254);
  const user = email.success
    ? await db.user.findFirst({
        where: { email: email.data, directory: { type: 'local', deletingAt: null } },
        select: {
          id: true,
          userName: true,
          status: true,
          passwordHash: true,
          directory: { select: { idpId: true, idp: { select: { enabled: true } } } },
        },
      })
    : null;
  const idpId = user?.directory.idpId ?? null;
  const fail = async (reason: string, message = INVALID): Promise<LocalSignIn> => {
    await recordAuditEvent(db, {
      actor: { type: 'anonymous', label },
      action: 'user.signin',
      outcome: 'failure',
      target: user ? { type: 'user', id: user.id, label: user.userName } : { type: 'user', label },
      idpId,
      reason,
    });
    return { ok: false, message };
  };

  const lock = user ? await lockedUntil(db, user.id, now) : null;
  if (lock?.until) return fail(LOCKED_REASON, lockedMessage(lock.until, now));

  const valid = await verifyPassword(credentials.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user) return fail('Unknown email');
  if (!user.passwordHash) return fail('No password set yet (the user has not used a password link)');
  if (!valid) {
    const next = lockDuration((lock?.failures ?? 0) + 1);
    return fail('Wrong password', next ? lockedMessage(new Date(now.getTime() + next), now) : INVALID);
  }
  if (user.status !== 'active') return fail('User is suspended', 'This account is suspended. Ask your administrator.');
  if (user.directory.idp && !user.directory.idp.enabled) {
    return fail('The built-in identity provider is disabled', 'Password sign-in is turned off. Ask your administrator.');
  }

  const session = await writeTransaction(db, async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    const created = await tx.userSession.create({
      data: {
        userId: user.id,
        idpId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + DEFAULT_SESSION_TTL_SECONDS * 1000),
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      actor: { type: 'user', id: user.id, label: user.userName },
      action: 'user.signin',
      outcome: 'success',
      target: { type: 'user', id: user.id, label: user.userName },
      idpId,
    });
    return created;
  });
  return { ok: true, userSessionId: session.id, user: { id: user.id, userName: user.userName } };
}
