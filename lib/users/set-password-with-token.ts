import 'server-only';
import type { Db } from '../db';
import { AppError } from '../api/errors';
import { hashPassword } from '../auth/password';
import { hashToken } from '../auth/tokens';
import { recordAuditEvent } from '../audit/record-audit-event';
import { loadLocalUser } from './load-local-user';
import { setPasswordSchema } from './local-user-schemas';
import { writeTransaction } from '../groups/write-lock';

const INVALID_LINK = 'This link is invalid, expired or already used. Ask an administrator for a new one.';

/**
 * Sets a local user's password from a one-time link: the token is consumed once (a conditional update, so two
 * uses at once let one through), and only before it expires. Ends the user's other sessions.
 */
export async function setPasswordWithToken(db: Db, input: unknown, now = new Date()): Promise<{ userId: string }> {
  const { token, password } = setPasswordSchema.parse(input);
  const passwordHash = await hashPassword(password);
  const tokenHash = hashToken(token);
  return writeTransaction(db, async (tx) => {
    const row = await tx.userPasswordToken.findUnique({ where: { tokenHash }, select: { id: true, userId: true } });
    const consumed = row
      ? await tx.userPasswordToken.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
      : { count: 0 };
    if (!row || consumed.count === 0) throw new AppError('invalid_request', INVALID_LINK);
    const user = await loadLocalUser(tx, row.userId);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.userSession.deleteMany({ where: { userId: user.id } });
    await recordAuditEvent(tx, {
      actor: { type: 'user', id: user.id, label: user.userName },
      action: 'user.password_set',
      outcome: 'success',
      target: { type: 'user', id: user.id, label: user.userName },
    });
    return { userId: user.id };
  });
}
