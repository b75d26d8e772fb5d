import 'server-only';
import type { Db } from '../db';
import { generateToken, hashToken } from '../auth/tokens';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { loadLocalUser } from './load-local-user';
import { PASSWORD_LINK_TTL_MS } from './local-user-schemas';
import { writeTransaction } from '../groups/write-lock';

/**
 * A one-time link for a local user to set (or reset) a password, valid 24 hours. Only the token's hash is stored;
 * the link is shown once. A new link replaces the user's unused ones. A JIT user is refused (PRODUCT.md rule 14).
 */
export async function createPasswordSetupLink(db: Db, actor: AuditActor, userId: string, baseUrl: string, now = new Date()) {
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_TTL_MS);
  await writeTransaction(db, async (tx) => {
    const user = await loadLocalUser(tx, userId);
    await tx.userPasswordToken.deleteMany({ where: { userId, usedAt: null } });
    await tx.userPasswordToken.create({ data: { userId, tokenHash: hashToken(token), expiresAt } });
    await recordAuditEvent(tx, {
      actor,
      action: 'user.password_link',
      outcome: 'success',
      target: { type: 'user', id: userId, label: user.userName },
      details: { expiresAt: expiresAt.toISOString() },
    });
  });
  const url = new URL('/set-password', baseUrl);
  url.searchParams.set('token', token);
  return { url: url.toString(), expiresAt };
}
